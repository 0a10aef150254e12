"""``manage.py exports_purge``: delete the files of background exports past their keeping time.

Every background export runs it first, and the clock (``manage.py clock``) runs it every round as its
job ``exports_purge`` (registered in ``ExportsConfig.ready``), so files go even when nobody exports;
this command is the same job once, for cron lines written before the clock."""

from django.core.management.base import BaseCommand

from chuangxian.exports.services import export_jobs_purge


class Command(BaseCommand):
    help = "删除超过保留期限的后台导出文件"

    def handle(self, *args: object, **options: object) -> None:
        count = export_jobs_purge()
        self.stdout.write(f"删除了 {count} 个过期的导出文件")
