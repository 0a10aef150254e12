"""Background exports: thin, id-based, safe to run twice (``export_job_process``)."""

from django_tasks import task

from chuangxian.exports.services import export_job_process


@task()
def export_job_task(export_job_id: int) -> str:
    return export_job_process(export_job_id)
