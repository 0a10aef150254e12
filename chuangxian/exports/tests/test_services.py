import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.exports.models import ExportJob, JobStatus
from chuangxian.exports.services import (
    ExportFile,
    export_job_process,
    export_job_retry,
    export_jobs_purge,
    export_run,
)
from chuangxian.exports.tests.conftest import make_pledges
from chuangxian.exports.tests.helpers import rows


def test_a_small_export_is_the_file(tree, personas, campaign, wall):
    make_pledges(tree, campaign, 3)
    result = export_run(actor=personas.chair, name="pledges.wall", fmt="xlsx", params=wall)
    assert isinstance(result, ExportFile)
    assert result.rows == 3 and result.filename.endswith(".xlsx") and "承诺墙" in result.filename
    assert sorted(row[4] for row in rows(result.content)) == ["承诺0", "承诺1", "承诺2"]
    assert not ExportJob.objects.exists()


def test_csv_has_a_bom_and_defuses_formulas(tree, personas, campaign, wall):
    make_pledges(tree, campaign, 1, content="=1+2")
    result = export_run(actor=personas.chair, name="pledges.wall", fmt="csv", params=wall)
    assert isinstance(result, ExportFile) and result.content_type.startswith("text/csv")
    assert result.content.startswith(b"\xef\xbb\xbf")
    text = result.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("单位,工号,姓名")
    assert "'=1+2" in text


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_an_actor_the_rule_does_not_allow_is_refused(tree, personas, campaign, wall, persona):
    with pytest.raises(Refused):
        export_run(actor=getattr(personas, persona), name="pledges.wall", fmt="xlsx", params=wall)
    assert not ExportJob.objects.exists()


def test_unknown_exports_and_formats(personas, wall):
    with pytest.raises(Refused):
        export_run(actor=personas.chair, name="no.such", fmt="xlsx", params=wall)
    with pytest.raises(DomainError) as error:
        export_run(actor=personas.chair, name="pledges.wall", fmt="pdf", params=wall)
    assert error.value.code == "bad_format" and "XLSX" in error.value.message


def test_a_missing_or_foreign_record_is_refused(tree, personas, campaign):
    for params in ({}, {"unit": "x", "campaign": campaign.pk}, {"unit": 10**8, "campaign": campaign.pk}):
        with pytest.raises(Refused):
            export_run(actor=personas.office, name="pledges.wall", fmt="xlsx", params=params)


@pytest.mark.parametrize("n", [10, 300])
def test_query_count_does_not_grow_with_rows(
    tree, personas, campaign, wall, django_assert_max_num_queries, n
):
    make_pledges(tree, campaign, n)
    with django_assert_max_num_queries(8):
        result = export_run(actor=personas.chair, name="pledges.wall", fmt="xlsx", params=wall)
    assert isinstance(result, ExportFile) and result.rows == n


def test_a_large_export_runs_in_the_background(
    tree, personas, campaign, wall, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_DIRECT_MAX_ROWS = 5
    make_pledges(tree, campaign, 6)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_run(actor=personas.chair, name="pledges.wall", fmt="xlsx", params=wall)
    assert isinstance(job, ExportJob)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows_done == 6 and job.total == 6
    assert job.expires_at == job.finished_at + timedelta(hours=24)
    assert job.tenant_id == tree.tenant.pk and job.actor == personas.chair
    with job.file.open("rb") as handle:
        assert len(rows(handle.read())) == 6
    assert job.filename.endswith(".xlsx")


def test_the_worker_checks_the_right_again(
    tree, personas, campaign, wall, settings, django_capture_on_commit_callbacks
):
    """A job queued by someone who lost the right meanwhile fails with the service's reason."""
    settings.EXPORT_DIRECT_MAX_ROWS = 0
    make_pledges(tree, campaign, 1)
    with django_capture_on_commit_callbacks(execute=False):
        job = export_run(actor=personas.chair, name="pledges.wall", fmt="xlsx", params=wall)
    ExportJob.objects.filter(pk=job.pk).update(actor=personas.sibling_chair)
    assert export_job_process(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert "没有导出「承诺墙」的权限" in job.error and not job.file


def _media_files(settings) -> set[str]:
    found = set()
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found |= {os.path.join(root, f) for f in files}
    return found


def test_a_job_that_fails_half_way_leaves_no_file_and_says_why(
    personas, boom, settings, django_capture_on_commit_callbacks
):
    before = _media_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_run(actor=personas.office, name="tests.boom", fmt="xlsx", background=True)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "系统错误" in job.error
    assert not job.file and _media_files(settings) == before
    # Run again once the cause is gone.
    boom.fail_after = None
    with django_capture_on_commit_callbacks(execute=True):
        export_job_retry(job=job, actor=personas.office)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows_done == 3000 and job.file


def test_progress_is_recorded_while_the_job_runs(personas, boom, django_capture_on_commit_callbacks):
    seen = []
    original = boom.rows

    def watching(actor: Actor, **objs: Any) -> Iterator[tuple[Any, ...]]:
        for row in original(actor, **objs):
            if row[0] == 1200:
                seen.append(ExportJob.objects.filter(tenant_id=personas.office.tenant_id).get().rows_done)
            yield row

    boom.fail_after = None
    boom.rows = watching  # type: ignore[method-assign]
    with django_capture_on_commit_callbacks(execute=True):
        export_run(actor=personas.office, name="tests.boom", fmt="xlsx", background=True)
    assert seen == [1000]


def test_an_interrupted_job_can_be_run_again(personas, boom, django_capture_on_commit_callbacks):
    boom.fail_after = None
    with django_capture_on_commit_callbacks(execute=False):
        job = export_run(actor=personas.office, name="tests.boom", fmt="xlsx", background=True)
    # The worker claimed it and died: still "running", silent.
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, rows_done=1000)
    with pytest.raises(DomainError) as error:
        export_job_retry(job=job, actor=personas.office)  # not silent long enough yet
    assert error.value.code == "not_retryable"
    with time_machine.travel(clock.now() + timedelta(minutes=11)):
        with pytest.raises(Refused):
            export_job_retry(job=job, actor=personas.chair)  # not theirs
        with django_capture_on_commit_callbacks(execute=True):
            export_job_retry(job=job, actor=personas.office)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows_done == 3000


def test_a_job_runs_once(personas, boom, django_capture_on_commit_callbacks):
    boom.fail_after = None
    with django_capture_on_commit_callbacks(execute=True):
        job = export_run(actor=personas.office, name="tests.boom", fmt="csv", background=True)
    assert export_job_process(job.pk) == JobStatus.DONE  # a second delivery changes nothing
    assert export_job_process(10**8) == "missing"


def test_files_are_deleted_after_their_time(personas, boom, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_KEEP_HOURS = 2
    boom.fail_after = None
    with django_capture_on_commit_callbacks(execute=True):
        job = export_run(actor=personas.office, name="tests.boom", fmt="xlsx", background=True)
    job.refresh_from_db()
    path = job.file.path
    assert os.path.exists(path)
    assert export_jobs_purge(clock.now() + timedelta(hours=1)) == 0
    assert export_jobs_purge(clock.now() + timedelta(hours=3)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED and not job.file and not os.path.exists(path)


def test_the_system_may_export_anything(tree, campaign, wall):
    make_pledges(tree, campaign, 2)
    result = export_run(actor=SYSTEM, name="pledges.wall", fmt="xlsx", params=wall)
    assert isinstance(result, ExportFile) and result.rows == 2


@pytest.mark.parametrize(
    ("command", "options", "said"),
    [
        ("exports_purge", {}, "删除了 1 个"),
        ("clock", {"jobs": ["exports_purge"]}, "exports_purge: deleted 1"),  # the clock's job
        ("clock", {}, "exports_purge: deleted 1"),  # a round of every job
    ],
)
def test_the_purge_command_deletes_expired_files(
    personas, boom, settings, django_capture_on_commit_callbacks, command, options, said
):
    from io import StringIO

    from django.core.management import call_command

    settings.EXPORT_KEEP_HOURS = 0
    boom.fail_after = None
    with django_capture_on_commit_callbacks(execute=True):
        job = export_run(actor=personas.office, name="tests.boom", fmt="csv", background=True)
    job.refresh_from_db()
    path = job.file.path
    out = StringIO()
    with time_machine.travel(clock.now() + timedelta(seconds=5)):
        call_command(command, stdout=out, **options)
    assert said in out.getvalue() and not os.path.exists(path)
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED
