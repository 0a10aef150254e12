from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "chuangxian.coverage"
    verbose_name = "参与覆盖"

    def ready(self) -> None:
        from chuangxian.coverage.exports import CoverageExporter
        from chuangxian.exports.registry import register as register_exporter

        register_exporter(CoverageExporter())

        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_everyone

        register_menu(
            MenuEntry("coverage.index", _("参与覆盖"), "pie-chart", for_everyone("coverage:index"), order=130)
        )

        from chuangxian.audit.labels import register
        from chuangxian.campaigns import todos
        from chuangxian.coverage.todos import officer_todos

        todos.register(officer_todos)
        register({"coverage.target.set": _("设置覆盖目标")})
