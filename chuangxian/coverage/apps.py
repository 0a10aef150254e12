from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "chuangxian.coverage"
    verbose_name = "参与覆盖"

    def ready(self) -> None:
        from chuangxian.audit.labels import register
        from chuangxian.campaigns import todos
        from chuangxian.coverage.todos import officer_todos

        todos.register(officer_todos)
        register({"coverage.target.set": _("设置覆盖目标")})
