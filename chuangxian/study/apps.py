from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "chuangxian.study"
    verbose_name = "文件学习"

    def ready(self) -> None:
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
