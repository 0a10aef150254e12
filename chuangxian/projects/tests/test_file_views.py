"""Project progress files: checked at upload, stored under a random name, served typed by their content
only to users of the project's tenant and only under their own project."""

import io

import pytest
from django.urls import reverse

from chuangxian.core.tests.files import GIF_JS, assert_random_name, assert_served_as
from chuangxian.projects.models import UpdateFile
from chuangxian.projects.services import project_create
from chuangxian.projects.tests.conftest import data_for


def add_update(client, project, name, content):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("projects:update_add", args=[project.pk]),
        {"date": "2011-02-20", "text": "启动会", "attachments": [upload]},
    )


def test_a_gif_polyglot_named_js_is_refused(client, personas, project):
    client.force_login(personas.chair)
    response = add_update(client, project, "x.js", GIF_JS)
    assert response.status_code == 400
    assert "扩展名「.js」不允许上传" in response.text
    assert not UpdateFile.objects.exists()


def test_a_gif_polyglot_is_served_as_a_gif_that_cannot_run(client, personas, project):
    client.force_login(personas.chair)
    add_update(client, project, "x.gif", GIF_JS)
    item = UpdateFile.objects.get()
    assert_random_name(item.file.name) and item.file.name.endswith(".gif")
    client.force_login(personas.member)
    response = client.get(reverse("projects:file_download", args=[project.pk, item.pk]))
    assert_served_as(response, "image/gif", inline=True)


def test_files_are_not_found_from_another_tenant_or_under_another_project(
    client, tree, personas, campaign, project
):
    client.force_login(personas.chair)
    add_update(client, project, "x.gif", GIF_JS)
    item = UpdateFile.objects.get()
    other = project_create(
        unit=tree.college,
        campaign=campaign,
        data=data_for(campaign, personas.chair_row, title="另一个项目"),
        actor=personas.office,
    )
    assert client.get(reverse("projects:file_download", args=[other.pk, item.pk])).status_code == 404
    client.force_login(personas.other_office)
    assert client.get(reverse("projects:file_download", args=[project.pk, item.pk])).status_code == 404


pytestmark = pytest.mark.usefixtures("phase2")
