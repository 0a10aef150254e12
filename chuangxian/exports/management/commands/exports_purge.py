"""``manage.py exports_purge``: delete the files of background exports past their keeping time.

Every background export runs it first; run it from cron (hourly) too, so files go even when nobody
exports."""

from django.core.management.base import BaseCommand

from chuangxian.exports.services import export_jobs_purge


class Command(BaseCommand):
    help = "删除超过保留期限的后台导出文件"

    def handle(self, *args: object, **options: object) -> None:
        count = export_jobs_purge()
        self.stdout.write(f"删除了 {count} 个过期的导出文件")
