"""Meeting files: checked at upload, stored under a random name, served typed by their content only
to those who may see the meeting."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangxian.core.tests.files import GIF_JS, PDF, assert_random_name, assert_served_as
from chuangxian.meetings.models import MeetingFile, MeetingStatus
from chuangxian.meetings.tests.factories import make_meeting


def upload(client, meeting, name, content):
    url = reverse("meetings:file_upload", args=[meeting.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


@pytest.fixture
def meeting(tree, personas):
    return make_meeting(tree.college, personas.chair)


def test_a_gif_polyglot_named_js_is_refused(client, personas, meeting):
    client.force_login(personas.chair)
    page = upload(client, meeting, "x.js", GIF_JS).content.decode()
    assert "扩展名「.js」不允许上传" in page
    assert not MeetingFile.objects.exists()


def test_a_gif_polyglot_photo_is_served_as_a_gif_that_cannot_run(client, personas, meeting):
    client.force_login(personas.chair)
    upload(client, meeting, "x.gif", GIF_JS)
    upload(client, meeting, "议程.pdf", PDF)
    photo, document = MeetingFile.objects.order_by("pk")
    assert_random_name(photo.file.name) and photo.file.name.endswith(".gif")
    assert_random_name(document.file.name)
    client.force_login(personas.member)
    response = client.get(reverse("meetings:file_download", args=[meeting.pk, photo.pk]))
    assert_served_as(response, "image/gif", inline=True)
    response = client.get(reverse("meetings:file_download", args=[meeting.pk, document.pk]))
    assert_served_as(response, "application/pdf")


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_files_of_another_units_meeting_are_not_found(client, personas, meeting, persona):
    client.force_login(personas.chair)
    upload(client, meeting, "x.gif", GIF_JS)
    item = MeetingFile.objects.get()
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("meetings:file_download", args=[meeting.pk, item.pk])).status_code == 404


def test_files_of_a_draft_meeting_are_not_found_by_its_members(client, tree, personas):
    draft = make_meeting(tree.college, personas.chair, status=MeetingStatus.DRAFT)
    client.force_login(personas.chair)
    upload(client, draft, "x.gif", GIF_JS)
    item = MeetingFile.objects.get()
    url = reverse("meetings:file_download", args=[draft.pk, item.pk])
    assert client.get(url).status_code == 200
    client.force_login(personas.member)
    assert client.get(url).status_code == 404


def test_a_file_is_found_only_under_its_own_meeting(client, tree, personas, meeting):
    other = make_meeting(tree.college, personas.chair, title="另一次会议")
    client.force_login(personas.chair)
    upload(client, meeting, "x.gif", GIF_JS)
    item = MeetingFile.objects.get()
    assert client.get(reverse("meetings:file_download", args=[other.pk, item.pk])).status_code == 404
