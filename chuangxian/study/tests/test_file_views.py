"""Study attachments: checked when published, stored under a random name, served as downloads typed
by their content, only to the units the document was sent to."""

import pytest
from django.urls import reverse

from chuangxian.core.tests.files import GIF_JS, PDF, assert_random_name, assert_served_as
from chuangxian.study.models import StudyDocument
from chuangxian.study.services import StudyError, study_document_publish


def publish(tree, personas, campaign, name, content):
    return study_document_publish(
        tenant=tree.tenant,
        campaign=campaign,
        title="学院学习材料",
        body="只发给文学与传播学院",
        units=[tree.college],
        attachments=[(name, content)],
        actor=personas.office,
    )


def test_a_gif_polyglot_named_js_is_refused(tree, personas, campaign):
    with pytest.raises(StudyError) as error:
        publish(tree, personas, campaign, "x.js", GIF_JS)
    assert error.value.code == "bad_extension"
    assert not StudyDocument.objects.exists()


def test_attachments_are_downloads_typed_by_their_content(client, tree, personas, campaign):
    document = publish(tree, personas, campaign, "x.gif", GIF_JS)
    attachment = document.attachments.get()
    assert_random_name(attachment.file.name) and attachment.file.name.endswith(".gif")
    client.force_login(personas.member)
    response = client.get(reverse("study:attachment", args=[document.pk, attachment.pk]))
    assert_served_as(response, "image/gif")


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_attachments_of_a_document_for_other_units_are_not_found(client, tree, personas, campaign, persona):
    document = publish(tree, personas, campaign, "通知.pdf", PDF)
    attachment = document.attachments.get()
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("study:attachment", args=[document.pk, attachment.pk])).status_code == 404
