from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "chuangxian.exports"
    verbose_name = "导出"

    def ready(self) -> None:
        from chuangxian.audit.labels import register

        register(
            {
                "exports.job.queued": _("开始后台导出"),
                "exports.job.retried": _("重新导出"),
            }
        )
