"""Activity photos: checked at upload, stored under a random name, served as images that cannot run,
only to those who may see the activity."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangxian.activities.models import ActivityPhoto
from chuangxian.activities.tests.factories import make_activity
from chuangxian.core.tests.files import GIF_JS, assert_random_name, assert_served_as

pytestmark = pytest.mark.usefixtures("in_phase2")


@pytest.fixture
def activity(tree, personas, campaign):
    return make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college]
    )


def upload(client, activity, name, content):
    url = reverse("activities:photo_upload", args=[activity.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def test_a_gif_polyglot_named_js_is_refused(client, personas, activity):
    client.force_login(personas.chair)
    assert "扩展名「.js」不允许上传" in upload(client, activity, "x.js", GIF_JS).content.decode()
    assert not ActivityPhoto.objects.exists()


def test_a_gif_polyglot_photo_is_served_as_a_gif_that_cannot_run(client, personas, activity):
    client.force_login(personas.chair)
    upload(client, activity, "x.gif", GIF_JS)
    photo = ActivityPhoto.objects.get()
    assert_random_name(photo.file.name) and photo.file.name.endswith(".gif")
    client.force_login(personas.member)
    response = client.get(reverse("activities:photo", args=[activity.pk, photo.pk]))
    assert_served_as(response, "image/gif", inline=True)
    assert b"".join(response.streaming_content) == GIF_JS


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_photos_of_an_activity_one_cannot_see_are_not_found(client, personas, activity, persona):
    client.force_login(personas.chair)
    upload(client, activity, "x.gif", GIF_JS)
    photo = ActivityPhoto.objects.get()
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("activities:photo", args=[activity.pk, photo.pk])).status_code == 404
