"""``core.attachments``: one way to write a stored file (``store``), one way to remove it
(``discard``, after commit), and attachment rows whose file goes with the row."""

import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete

from chuangxian.activities.models import ActivityPhoto
from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.services import task_create, unit_task_review, unit_task_submit
from chuangxian.assignments.tests.factories import PHASE1_DAY
from chuangxian.campaigns.services import campaign_attach_founding_file
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.core.attachments import Attachment, discard, store
from chuangxian.core.files import IMAGES, FileCheckError
from chuangxian.core.tests.files import PDF, PNG, assert_random_name
from chuangxian.documents.services import notice_attachment_add, notice_attachment_remove, notice_delete
from chuangxian.documents.tests.factories import make_notice
from chuangxian.meetings.models import MeetingFile
from chuangxian.meetings.tests.factories import make_meeting
from chuangxian.plans.models import UnitPlan
from chuangxian.plans.services import PlanUpload, plan_return, plan_save_draft, plan_submit
from chuangxian.plans.tests.conftest import CONTENT, IN_PHASE_1
from chuangxian.projects.models import UpdateFile
from chuangxian.study.models import StudyAttachment


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def row(tree, personas, media) -> MeetingFile:
    """A saved attachment row (a meeting's file) holding a PNG."""
    meeting = make_meeting(tree.college, personas.chair)
    item = MeetingFile(tenant_id=meeting.tenant_id, meeting=meeting)
    item.attach(io.BytesIO(PNG), name="会场.png", allowed=IMAGES)
    item.save()
    return item


def stored(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def exists(item: MeetingFile, name: str | None = None) -> bool:
    return item.file.storage.exists(name or item.file.name)


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (PNG, "会场.jpg", "type_mismatch"),  # a PNG that says it is a JPEG
        (PDF, "议程.pdf", "forbidden_type"),  # a real PDF where only images are allowed
        (PNG, "page.html", "bad_extension"),
        (PNG + b"x" * 2048, "大.png", "too_large"),
    ],
    ids=["lying-name", "forbidden-type", "bad-extension", "oversize"],
)
def test_store_refuses_a_lying_or_oversize_file_and_saves_nothing(tree, personas, media, content, name, code):
    meeting = make_meeting(tree.college, personas.chair)
    item = MeetingFile(tenant_id=meeting.tenant_id, meeting=meeting)
    with pytest.raises(FileCheckError) as error:
        store(item.file, io.BytesIO(content), name=name, allowed=IMAGES, max_bytes=1024)
    assert error.value.code == code
    assert not item.file
    assert stored(media) == []


def test_store_saves_under_a_random_name_with_the_sniffed_kind(row, media):
    assert (row.original_name, row.kind, row.size, row.is_image) == ("会场.png", "png", len(PNG), True)
    assert_random_name(row.file.name)
    assert row.file.name.startswith("meetings/")
    assert stored(media) == [media / row.file.name]


def test_a_replaced_file_is_deleted_after_commit_and_not_before(row, django_capture_on_commit_callbacks):
    old = row.file.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        store(row.file, io.BytesIO(PNG), name="新.png", allowed=IMAGES)
        row.save()
        assert exists(row, old)  # not before the commit
        assert exists(row)
    assert len(callbacks) == 1
    assert not exists(row, old)
    assert exists(row) and row.file.name != old


def test_a_rolled_back_replacement_deletes_nothing(row, django_capture_on_commit_callbacks):
    old = row.file.name

    def replace_then_fail() -> None:
        with transaction.atomic():
            store(row.file, io.BytesIO(PNG), name="新.png", allowed=IMAGES)
            discard(row.file)
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        replace_then_fail()
    assert callbacks == []
    assert exists(row, old)


def test_discard_deletes_after_commit_and_is_a_no_op_for_an_empty_field(
    row, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        discard(row.file)
        assert exists(row)
        discard(MeetingFile().file)
    assert len(callbacks) == 1
    assert stored(media) == []


def test_deleting_a_row_deletes_its_file_after_commit(row, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        MeetingFile.objects.get(pk=row.pk).delete()
        assert exists(row)
    assert stored(media) == []


def test_a_queryset_delete_deletes_every_file(row, media, django_capture_on_commit_callbacks):
    second = MeetingFile(tenant_id=row.tenant_id, meeting=row.meeting)
    second.attach(io.BytesIO(PDF), name="议程.pdf")
    second.save()
    assert len(stored(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        MeetingFile.objects.filter(meeting=row.meeting).delete()
    assert stored(media) == []


def test_a_cascade_from_the_parent_deletes_the_file(row, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row.meeting.delete()
    assert not MeetingFile.objects.exists()
    assert stored(media) == []


def test_a_rolled_back_delete_keeps_the_file(row, django_capture_on_commit_callbacks):
    def delete_then_fail() -> None:
        with transaction.atomic():
            MeetingFile.objects.filter(pk=row.pk).delete()
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        delete_then_fail()
    assert callbacks == []
    assert MeetingFile.objects.filter(pk=row.pk).exists()
    assert exists(row)


def test_every_attachment_model_discards_its_file_on_delete():
    models = [m for m in apps.get_models() if issubclass(m, Attachment)]
    assert {MeetingFile, ActivityPhoto, UpdateFile, StudyAttachment} <= set(models)
    for model in models:
        assert post_delete.has_listeners(model), model


# Fields on bigger records go through store/discard in their services.


def test_a_removed_notice_attachment_loses_its_file_after_commit(
    tree, media, django_capture_on_commit_callbacks
):
    notice = make_notice(tree.tenant)
    first = notice_attachment_add(
        notice=notice, title="方案", actor=SYSTEM, upload=io.BytesIO(PDF), filename="a.pdf"
    )
    notice_attachment_add(notice=notice, title="海报", actor=SYSTEM, upload=io.BytesIO(PNG), filename="b.png")
    notice_attachment_add(notice=notice, title="名单（纸质）", actor=SYSTEM)
    assert len(stored(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        notice_attachment_remove(attachment=first, actor=SYSTEM)
        assert len(stored(media)) == 2
    assert len(stored(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        notice_delete(notice=notice, actor=SYSTEM)
        assert len(stored(media)) == 1
    assert stored(media) == []


def test_a_replaced_plan_file_goes_unless_an_earlier_version_shows_it(
    tree, personas, media, django_capture_on_commit_callbacks
):
    def save(pdf: bytes | None = None, **options: Any) -> UnitPlan:
        upload = PlanUpload(name="方案.pdf", content=io.BytesIO(pdf)) if pdf else None
        return plan_save_draft(
            unit=tree.college,
            campaign=campaign,
            content=CONTENT,
            upload=upload,
            actor=personas.chair,
            **options,
        )

    campaign = make_campaign(tree.tenant)
    with time_machine.travel(IN_PHASE_1, tick=False):
        plan = save(PDF + b"1")
        first = plan.versions.get().file.name
        with django_capture_on_commit_callbacks(execute=True):
            save(PDF + b"2")  # replaced in the same draft: the first file goes
        second = plan.versions.get().file.name
        assert stored(media) == [media / second]
        plan_submit(plan=plan, actor=personas.chair)
        plan_return(plan=plan, comment="请补充", actor=personas.office)
        with django_capture_on_commit_callbacks(execute=True):
            save(PDF + b"3")  # version 2 replaces the file version 1 still shows: that one stays
        third = plan.versions.get(number=2).file.name
        assert sorted(stored(media)) == sorted([media / second, media / third])
        with django_capture_on_commit_callbacks(execute=True):
            save(remove_file=True)  # version 2 drops its own file
    assert stored(media) == [media / second]
    assert first != second


@time_machine.travel(PHASE1_DAY)
def test_a_resubmitted_task_document_replaces_the_returned_one(
    tree, personas, media, django_capture_on_commit_callbacks
):
    campaign = make_campaign(tree.tenant)
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    unit_task = UnitTask.objects.get(task=task, unit=tree.college)
    unit_task_submit(
        unit_task=unit_task, document=io.BytesIO(PDF), document_name="初稿.pdf", actor=personas.chair
    )
    unit_task_review(unit_task=unit_task, approve=False, comment="请补充", actor=personas.office)
    unit_task.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unit_task_submit(
            unit_task=unit_task,
            document=io.BytesIO(PDF + b"2"),
            document_name="定稿.pdf",
            actor=personas.chair,
        )
        assert len(stored(media)) == 2
    unit_task.refresh_from_db()
    assert stored(media) == [media / unit_task.document.name]


def test_a_replaced_founding_file_is_deleted_after_commit(tree, media, django_capture_on_commit_callbacks):
    campaign = campaign_attach_founding_file(
        campaign=make_campaign(tree.tenant), filename="方案.txt", content="第一稿".encode(), actor=SYSTEM
    )
    first = campaign.founding_file.name
    with django_capture_on_commit_callbacks(execute=True):
        campaign = campaign_attach_founding_file(
            campaign=campaign, filename="方案.txt", content="定稿".encode(), actor=SYSTEM
        )
        assert (media / first).exists()
    assert stored(media) == [media / campaign.founding_file.name]
