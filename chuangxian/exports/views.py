"""Export pages: run any registered export (``exports:run``), and a background job's progress page,
its htmx progress fragment, its permission-checked download and its retry."""

from collections.abc import Mapping

from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from chuangxian.core import clock
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import stored_file_response
from chuangxian.exports.models import ExportJob, JobStatus
from chuangxian.exports.permissions import access_job
from chuangxian.exports.registry import exporter
from chuangxian.exports.services import (
    ExportFile,
    export_job_retry,
    export_run,
    is_interrupted,
)


def file_response(result: ExportFile, *, inline: bool = False) -> HttpResponse:
    """A small export as a download under its Chinese file name (``inline``: a PDF opens in the
    browser)."""
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, result.filename) or ""
    return response


def export_response(
    request: AuthedRequest, name: str, fmt: str, params: Mapping[str, object], *, inline: bool = False
) -> HttpResponse:
    """Run an export for a view: the file when small, else the job's progress page."""
    result = export_run(actor=request.user, name=name, fmt=fmt, params=params)
    if isinstance(result, ExportFile):
        return file_response(result, inline=inline)
    return redirect("exports:job", result.pk)


def run(request: AuthedRequest, name: str, fmt: str) -> HttpResponse:
    """``/exports/run/<name>/<fmt>?unit=3``: any registered export; the query string is its params.
    An unknown export is a 404; a refused actor the 403 page with the service's reason."""
    if exporter(name) is None:
        from chuangxian.core.errors import NotFoundError

        raise NotFoundError()
    params = {key: request.GET.get(key, "") for key in request.GET}
    return export_response(request, name, fmt, params)


def _context(job: ExportJob) -> dict[str, object]:
    expired = job.status == JobStatus.EXPIRED or (
        job.status == JobStatus.DONE and job.expires_at is not None and job.expires_at < clock.now()
    )
    return {"job": job, "expired": expired, "interrupted": is_interrupted(job)}


def job(request: AuthedRequest, job_id: int) -> HttpResponse:
    found = access_job(request.user, job_id)
    return render(request, "exports/job.html", _context(found))


def progress(request: AuthedRequest, job_id: int) -> HttpResponse:
    found = access_job(request.user, job_id)
    if not found.is_running or is_interrupted(found):
        # Finished: reload the whole page (its download link or its reason).
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "exports/_progress.html", _context(found))


def download(request: AuthedRequest, job_id: int) -> HttpResponseBase:
    found = access_job(request.user, job_id)
    context = _context(found)
    if context["expired"] or found.status != JobStatus.DONE or not found.file:
        return render(request, "exports/job.html", context, status=410 if context["expired"] else 409)
    # Whoever started it must still be allowed to run it: a role withdrawn since closes the file.
    found_exporter = exporter(found.exporter)
    if found_exporter is None or not found_exporter.may_run(
        request.user, **found_exporter.resolve(request.user, found.params)
    ):
        from chuangxian.core.errors import NotFoundError

        raise NotFoundError()
    return stored_file_response(found.file, name=found.filename)


@require_POST
def retry(request: AuthedRequest, job_id: int) -> HttpResponse:
    found = access_job(request.user, job_id)
    export_job_retry(job=found, actor=request.user)
    return redirect("exports:job", found.pk)
