"""Plan files: checked at upload, stored under a random name, served as downloads typed by their
content, only to those who may read the plan."""

import io

import pytest
from django.urls import reverse

from chuangxian.core.tests.files import PDF, assert_random_name, assert_served_as
from chuangxian.plans.models import PlanVersion, UnitPlan

pytestmark = pytest.mark.usefixtures("phase1")

FORM = {"goals": "建设模范职工之家", "measures": "每月一次学习会", "schedule": "12月", "project": "书香工会"}


def save(client, tree, name, content):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("plans:edit", args=[tree.college.pk]), {**FORM, "file": upload, "action": "save"}
    )


def test_a_pdf_named_js_is_refused(client, tree, personas, campaign):
    client.force_login(personas.chair)
    response = save(client, tree, "x.js", PDF)
    assert "扩展名「.js」不允许上传" in response.content.decode()
    assert not UnitPlan.objects.exists()


def test_the_file_is_a_download_typed_by_its_content(client, tree, personas, campaign):
    client.force_login(personas.chair)
    save(client, tree, "学院方案.pdf", PDF)
    version = PlanVersion.objects.get()
    assert_random_name(version.file.name) and version.file.name.endswith(".pdf")
    response = client.get(reverse("plans:file", args=[version.plan_id, 1]))
    assert_served_as(response, "application/pdf")
    assert "filename*=utf-8''" in response["Content-Disposition"]


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "other_office"])
def test_a_draft_plans_file_is_not_found_by_others(client, tree, personas, campaign, persona):
    client.force_login(personas.chair)
    save(client, tree, "学院方案.pdf", PDF)
    version = PlanVersion.objects.get()
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("plans:file", args=[version.plan_id, 1])).status_code == 404
