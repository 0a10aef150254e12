"""Who may see a background export: the person who started it (the system: every one)."""

from chuangxian.core.actors import Actor, is_system
from chuangxian.core.errors import NotFoundError
from chuangxian.core.tenancy import actor_rows
from chuangxian.exports.models import ExportJob


def can_read_job(actor: Actor, job: ExportJob) -> bool:
    if is_system(actor):
        return True
    return actor.is_authenticated and job.actor_id is not None and job.actor_id == actor.pk


def access_job(actor: Actor, job_id: int) -> ExportJob:
    job = actor_rows(ExportJob.objects.all(), actor).filter(pk=job_id).first()
    if job is None or not can_read_job(actor, job):
        raise NotFoundError()
    return job
