"""The export services on the permission table (tests/service_permissions): the pledge wall of
文学与传播学院 may be exported by whoever may view the unit's records; a job is run again only by
the person who started it (the system: any)."""

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.exports.models import ExportJob, JobStatus
from chuangxian.exports.services import export_job_retry, export_run
from tests.service_permissions.harness import ServiceCase


def _wall(w):
    return {"unit": w.tree.college.pk, "campaign": make_campaign(w.tree.tenant).pk}


def _failed_job(w):
    return ExportJob.objects.create(
        tenant_id=w.tree.tenant.pk,
        actor=w.personas.chair,
        exporter="pledges.wall",
        fmt="xlsx",
        params=_wall(w),
        status=JobStatus.FAILED,
        error="测试",
    )


VIEWERS = {"chair", "liaison", "office", "leader", "admin", "system"}

CASES = [
    ServiceCase(
        service=export_run,
        allowed=VIEWERS,
        arrange=_wall,
        act=lambda w, params, actor: export_run(actor=actor, name="pledges.wall", fmt="xlsx", params=params),
    ),
    ServiceCase(
        service=export_run,
        name="background",
        allowed=VIEWERS,
        arrange=_wall,
        act=lambda w, params, actor: export_run(
            actor=actor, name="pledges.wall", fmt="xlsx", params=params, background=True
        ),
    ),
    ServiceCase(
        service=export_job_retry,
        allowed={"chair", "system"},
        arrange=_failed_job,
        act=lambda w, job, actor: export_job_retry(job=job, actor=actor),
    ),
]
