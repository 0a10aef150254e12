from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "chuangxian.exports"
    verbose_name = "导出"

    def ready(self) -> None:
        from chuangxian.core.clock_jobs import register_periodic
        from chuangxian.exports.services import export_jobs_purge

        # The clock (``manage.py clock``) deletes expired files even when nobody exports.
        register_periodic("exports_purge", lambda: {"deleted": export_jobs_purge()})

        from chuangxian.audit.labels import register

        register(
            {
                "exports.job.queued": _("开始后台导出"),
                "exports.job.retried": _("重新导出"),
            }
        )
