from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "chuangxian.roster"
    verbose_name = "名册导入"

    def ready(self) -> None:
        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_office

        register_menu(
            MenuEntry(
                "roster.start",
                _("名册导入"),
                "upload",
                for_office("roster:start"),
                order=50,
                section="office",
            )
        )

        from chuangxian.audit.labels import register

        register(
            {
                "roster.import.uploaded": _("上传名册"),
                "roster.import.confirmed": _("确认导入名册"),
                "roster.import.discarded": _("放弃名册导入"),
            }
        )

        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.roster.exports import RosterTemplateExporter

        register_exporter(RosterTemplateExporter())
