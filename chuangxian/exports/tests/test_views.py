from datetime import timedelta

import pytest
from django.urls import reverse

from chuangxian.core import clock
from chuangxian.exports.models import ExportJob, JobStatus
from chuangxian.exports.services import export_run
from chuangxian.exports.tests.conftest import make_pledges
from chuangxian.exports.tests.helpers import rows, run_url


def _run_url(wall, fmt="xlsx"):
    return run_url("pledges.wall", fmt) + f"?unit={wall['unit']}&campaign={wall['campaign']}"


def test_run_gives_the_file_to_whoever_may(client, tree, personas, campaign, wall):
    make_pledges(tree, campaign, 2)
    client.force_login(personas.chair)
    response = client.get(_run_url(wall))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert len(rows(response.content)) == 2
    response = client.get(_run_url(wall, "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_run_refuses_the_wrong_role_and_tenant(client, tree, personas, campaign, wall, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(_run_url(wall))
    assert response.status_code == 403
    assert "权限" in response.content.decode()


def test_an_unknown_export_is_not_found(client, personas):
    client.force_login(personas.office)
    assert client.get(run_url("no.such")).status_code == 404


@pytest.fixture
def big(tree, campaign, settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    make_pledges(tree, campaign, 3)


def test_a_large_export_goes_to_its_progress_page(
    client, personas, wall, big, django_capture_on_commit_callbacks
):
    client.force_login(personas.chair)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(_run_url(wall))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and reverse("exports:progress", args=[job.pk]) in page
    assert client.get(reverse("exports:progress", args=[job.pk])).status_code == 200
    for callback in callbacks:
        callback()
    refresh = client.get(reverse("exports:progress", args=[job.pk]))
    assert refresh.status_code == 204 and refresh["HX-Refresh"] == "true"
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "导出完成，共 3 行" in page
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert len(rows(body)) == 3


def _done_job(personas, wall, capture):
    with capture(execute=True):
        job = export_run(actor=personas.chair, name="pledges.wall", fmt="xlsx", params=wall)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    return job


@pytest.mark.parametrize("persona", ["liaison", "office", "other_office", "member"])
def test_a_job_is_its_starters_only(client, personas, wall, big, django_capture_on_commit_callbacks, persona):
    job = _done_job(personas, wall, django_capture_on_commit_callbacks)
    client.force_login(getattr(personas, persona))
    for name in ("exports:job", "exports:progress", "exports:download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("exports:retry", args=[job.pk])).status_code == 404


def test_a_download_after_expiry_says_so(client, personas, wall, big, django_capture_on_commit_callbacks):
    job = _done_job(personas, wall, django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=clock.now() - timedelta(minutes=1))
    client.force_login(personas.chair)
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 410
    assert "过期并删除。请重新导出" in response.content.decode()


def test_a_download_is_closed_to_a_starter_who_lost_the_right(
    client, personas, wall, big, django_capture_on_commit_callbacks
):
    job = _done_job(personas, wall, django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(actor=personas.sibling_chair)
    client.force_login(personas.sibling_chair)
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 200
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_a_failed_job_says_why_and_runs_again(client, personas, boom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = export_run(actor=personas.office, name="tests.boom", fmt="xlsx", background=True)
    client.force_login(personas.office)
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "导出失败" in page and "系统错误" in page
    boom.fail_after = None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_a_format_the_export_does_not_offer_is_a_400_page_that_says_which_it_does(client, personas):
    """Found by trying a wrong input in the browser: it was a 500."""
    from chuangxian.campaigns.tests.factories import make_campaign

    campaign = make_campaign(personas.office.tenant)
    client.force_login(personas.office)
    response = client.get(f"/exports/run/projects.list/docx?campaign={campaign.pk}")
    assert response.status_code == 400
    assert "只能导出为 XLSX、CSV" in response.text
