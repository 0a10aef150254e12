"""Notice attachments: checked when added, stored under a random name, served as downloads typed by
their content, only to those who may read the notice."""

import io

import pytest
from django.urls import reverse

from chuangxian.core.tests.files import GIF_JS, assert_random_name, assert_served_as
from chuangxian.documents.models import NoticeAttachment
from chuangxian.documents.tests.factories import make_notice


def add(client, notice, name, content):
    upload = io.BytesIO(content)
    upload.name = name
    url = reverse("documents:attachment_add", args=[notice.pk])
    return client.post(url, {"title": "活动海报", "file": upload}, follow=True)


@pytest.fixture
def notice(tree):
    return make_notice(tree.tenant)


def test_a_gif_polyglot_named_js_is_refused(client, personas, notice):
    client.force_login(personas.office)
    assert "扩展名「.js」不允许上传" in add(client, notice, "x.js", GIF_JS).content.decode()
    assert not NoticeAttachment.objects.exists()


def test_attachments_are_downloads_typed_by_their_content(client, personas, notice):
    client.force_login(personas.office)
    add(client, notice, "x.gif", GIF_JS)
    attachment = NoticeAttachment.objects.get()
    assert_random_name(attachment.file.name) and attachment.file.name.endswith(".gif")
    response = client.get(reverse("documents:attachment_download", args=[notice.pk, attachment.pk]))
    assert_served_as(response, "image/gif")
    assert "filename*=utf-8''%E6%B4%BB%E5%8A%A8%E6%B5%B7%E6%8A%A5.gif" in response["Content-Disposition"]


@pytest.mark.parametrize("persona", ["member", "other_office"])
def test_attachments_of_a_draft_or_another_tenants_notice_are_not_found(client, personas, notice, persona):
    client.force_login(personas.office)
    add(client, notice, "x.gif", GIF_JS)
    attachment = NoticeAttachment.objects.get()
    client.force_login(getattr(personas, persona))
    url = reverse("documents:attachment_download", args=[notice.pk, attachment.pk])
    assert client.get(url).status_code == 404
