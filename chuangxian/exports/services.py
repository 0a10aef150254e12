"""Running an export: ``export_run`` (the one entry), the background job's work and its cleanup.

A small export (at most ``EXPORT_DIRECT_MAX_ROWS`` rows, default 5,000) is written in the request and
returned as bytes; a larger one becomes an ``ExportJob`` the task worker writes, with its progress in
``rows_done``. Its file is kept ``EXPORT_KEEP_HOURS`` hours (default 24), then deleted by
``export_jobs_purge`` (run by every job and by ``manage.py exports_purge``). The file is written to an
anonymous temporary file first and stored only when complete, so an interrupted job leaves no partial
file; ``export_job_retry`` runs it again.
"""

import logging
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor, login_of
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.tenancy import lock
from chuangxian.core.xlsx import write_csv, write_xlsx
from chuangxian.exports.models import ExportJob, JobStatus
from chuangxian.exports.permissions import can_read_job
from chuangxian.exports.registry import Exporter, exporter

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
STALE_AFTER = timedelta(minutes=10)  # a running job silent this long was interrupted


def direct_max_rows() -> int:
    return int(getattr(settings, "EXPORT_DIRECT_MAX_ROWS", 5000))


def keep_for() -> timedelta:
    return timedelta(hours=float(getattr(settings, "EXPORT_KEEP_HOURS", 24)))


@dataclass(frozen=True)
class ExportFile:
    """A finished small export, to send as the response."""

    content: bytes
    filename: str
    fmt: str
    rows: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.fmt]


def _exporter_for(name: str, fmt: str) -> Exporter:
    found = exporter(name)
    if found is None:
        raise Refused(_("没有这项导出。"), code="no_exporter")
    if fmt not in found.formats:
        raise DomainError(
            code="bad_format",
            message=_("「%(label)s」只能导出为 %(formats)s。")
            % {"label": found.label, "formats": "、".join(f.upper() for f in found.formats)},
        )
    return found


def _authorised(actor: Actor, found: Exporter, params: Mapping[str, Any]) -> dict[str, Any]:
    """The exporter's objects, if the actor may run it; else ``Refused``."""
    objs = found.resolve(actor, params)
    if not found.may_run(actor, **objs):
        raise Refused(_("您没有导出「%(label)s」的权限。") % {"label": found.label}, code="not_exporter")
    return objs


def file_name(found: Exporter, fmt: str, title: str, at: datetime) -> str:
    stem = title.replace("/", "－").replace("\\", "－").strip() or str(found.label)
    return f"{stem}-{timezone.localtime(at):%Y%m%d-%H%M}.{fmt}"


def _write(
    found: Exporter, actor: Actor, fmt: str, objs: dict[str, Any], target: Any, progress: Any = None
) -> int:
    if fmt == "xlsx":
        return write_xlsx(target, found.tables(actor, **objs), exported_at=clock.now(), progress=progress)
    if fmt == "csv":
        return write_csv(target, found.tables(actor, **objs)[0], progress=progress)
    target.write(found.render(actor, fmt, **objs))
    return 0


def export_run(
    *,
    actor: Actor,
    name: str,
    fmt: str,
    params: Mapping[str, Any] | None = None,
    background: bool | None = None,
) -> ExportFile | ExportJob:
    """Run the export ``name`` as ``fmt`` for ``actor``: the file's bytes when small, else a queued
    ``ExportJob`` (``background`` forces one way or the other). Refused: an actor the exporter's
    rule does not allow, an unknown export."""
    params = dict(params or {})
    found = _exporter_for(name, fmt)
    objs = _authorised(actor, found, params)
    title = found.title(**objs)
    tenant_id = found.tenant_id(actor, **objs)
    if background is None:
        total = found.count(actor, **objs) if fmt in ("xlsx", "csv") else None
        background = total is not None and total > direct_max_rows()
    else:
        total = found.count(actor, **objs) if background else None
    if background:
        if tenant_id is None:
            raise DomainError(code="no_tenant", message=_("这项导出不属于任何学校，不能在后台进行。"))
        with transaction.atomic():
            job = ExportJob.objects.create(
                tenant_id=tenant_id,
                actor=login_of(actor),
                exporter=name,
                fmt=fmt,
                params=params,
                title=title[:200],
                total=total,
            )
            audit_record(
                actor=actor, action="exports.job.queued", target=job, data={"exporter": name, "fmt": fmt}
            )
            transaction.on_commit(lambda: _enqueue(job.pk))
        return job
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as handle:
        rows = _write(found, actor, fmt, objs, handle)
        handle.seek(0)
        content = handle.read()
    # A direct download writes nothing (a GET); a background job is recorded in the audit log.
    return ExportFile(content=content, filename=file_name(found, fmt, title, clock.now()), fmt=fmt, rows=rows)


def _enqueue(job_id: int) -> None:
    from chuangxian.exports.tasks import export_job_task

    export_job_task.enqueue(job_id)


def is_interrupted(job: ExportJob) -> bool:
    return job.status == JobStatus.RUNNING and job.updated_at < clock.now() - STALE_AFTER


@transaction.atomic
def export_job_retry(*, job: ExportJob, actor: Actor) -> ExportJob:
    """Run a failed, interrupted or expired job again (its starter, still allowed to run it)."""
    job = lock(job)
    if not can_read_job(actor, job):
        raise Refused(_("只有发起这次导出的人可以重新导出。"), code="not_own")
    found = _exporter_for(job.exporter, job.fmt)
    _authorised(actor, found, job.params)
    if not (job.status in (JobStatus.FAILED, JobStatus.EXPIRED) or is_interrupted(job)):
        raise DomainError(code="not_retryable", message=_("这次导出正在进行或已经完成，不需要重新导出。"))
    if job.file:
        job.file.delete(save=False)
    job.status, job.rows_done, job.error = JobStatus.QUEUED, 0, ""
    job.finished_at = job.expires_at = None
    job.save()
    audit_record(actor=actor, action="exports.job.retried", target=job, data={"exporter": job.exporter})
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def export_job_process(job_id: int) -> str:
    """The worker's part: write the job's file, or record why not. Safe to run twice."""
    export_jobs_purge()
    # The worker is handed an id: the job may be any tenant's.
    claimed = (
        ExportJob.objects.all_tenants()
        .filter(pk=job_id, status=JobStatus.QUEUED)
        .update(status=JobStatus.RUNNING, rows_done=0, updated_at=clock.now())
    )
    job = ExportJob.objects.all_tenants().filter(pk=job_id).select_related("actor").first()
    if job is None or not claimed:
        return job.status if job else "missing"
    actor: Actor = job.actor or SYSTEM
    rows = ExportJob.objects.filter(pk=job.pk, tenant_id=job.tenant_id)

    def progress(done: int) -> None:
        rows.update(rows_done=done, updated_at=clock.now())

    try:
        found = _exporter_for(job.exporter, job.fmt)
        objs = _authorised(actor, found, job.params)
        # An anonymous file: a worker killed half-way leaves nothing behind.
        with tempfile.TemporaryFile() as handle:
            done = _write(found, actor, job.fmt, objs, handle, progress)
            handle.seek(0)
            name = file_name(found, job.fmt, job.title, clock.now())
            job.file.save(name, File(handle, name=name), save=False)
        now = clock.now()
        rows.update(
            status=JobStatus.DONE,
            rows_done=done,
            file=job.file.name,
            filename=name,
            finished_at=now,
            expires_at=now + keep_for(),
            updated_at=now,
        )
        return JobStatus.DONE
    except DomainError as error:
        message = error.message
    except Exception:
        logger.exception("export job %s failed", job_id)
        message = _("导出时发生系统错误，没有生成文件。请稍后重新导出，或联系系统管理员。")
    if job.file:
        job.file.delete(save=False)
    rows.update(
        status=JobStatus.FAILED, error=message, file="", finished_at=clock.now(), updated_at=clock.now()
    )
    return JobStatus.FAILED


def export_jobs_purge(now: datetime | None = None) -> int:
    """Delete the files of finished jobs past their time; the job stays, saying it expired."""
    now = now or clock.now()
    expired = ExportJob.objects.all_tenants().filter(status=JobStatus.DONE, expires_at__lt=now)
    count = 0
    for job in expired.iterator():
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk, tenant_id=job.tenant_id).update(
            status=JobStatus.EXPIRED, file="", updated_at=now
        )
        count += 1
    return count
