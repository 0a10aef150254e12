"""A unit task's document: checked when submitted, stored under a random name, served as a download
typed by its content, only to those who may see the unit's task."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.services import task_create
from chuangxian.assignments.tests.factories import PDF, PHASE1_DAY
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.tests.files import GIF_JS, assert_random_name, assert_served_as

pytestmark = pytest.mark.usefixtures("providers", "phase1")


@pytest.fixture
def phase1():
    with time_machine.travel(PHASE1_DAY, tick=False):
        yield


@pytest.fixture
def unit_task(tree, personas):
    campaign = make_campaign(tree.tenant)
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    return UnitTask.objects.get(task=task, unit=tree.college)


def submit(client, unit_task, name, content):
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse("assignments:unit_task_submit", args=[unit_task.pk]), {"document": upload})


def test_a_gif_polyglot_named_js_is_refused(client, personas, unit_task):
    client.force_login(personas.chair)
    assert "扩展名「.js」不允许上传" in submit(client, unit_task, "x.js", GIF_JS).content.decode()
    assert not UnitTask.objects.get(pk=unit_task.pk).document


def test_the_document_is_a_download_typed_by_its_content(client, personas, unit_task):
    client.force_login(personas.chair)
    submit(client, unit_task, "总结.pdf", PDF)
    stored = UnitTask.objects.get(pk=unit_task.pk).document
    assert_random_name(stored.name) and stored.name.endswith(".pdf")
    client.force_login(personas.office)
    response = client.get(reverse("assignments:unit_task_document", args=[unit_task.pk]))
    assert_served_as(response, "application/pdf")


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_another_units_document_is_not_found(client, personas, unit_task, persona):
    client.force_login(personas.chair)
    submit(client, unit_task, "x.gif", GIF_JS)
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("assignments:unit_task_document", args=[unit_task.pk])).status_code == 404
