from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "chuangxian.study"
    verbose_name = "文件学习"

    def ready(self) -> None:
        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.study.exports import ConfirmationsExporter

        register_exporter(ConfirmationsExporter())

        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_everyone

        register_menu(MenuEntry("study.index", _("文件学习"), "book", for_everyone("study:index"), order=90))

        from chuangxian.audit.labels import register
        from chuangxian.campaigns.todos import register as register_todos
        from chuangxian.study.todos import study_todos

        register_todos(study_todos)
        register(
            {
                "study.document.published": _("发布学习文件"),
                "study.document.confirmed": _("确认已学习"),
            }
        )
