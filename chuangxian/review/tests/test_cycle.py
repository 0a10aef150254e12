"""The shared review cycle: its table, its refusals, and the records it keeps."""

from types import SimpleNamespace

import pytest
from django.db import models

from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import DomainError
from chuangxian.review.cycle import ReviewCycle, ReviewError, latest_revision_number
from chuangxian.review.models import Decision, Outcome, Revision
from chuangxian.review.selectors import decisions_of, revisions_of


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"
    CLOSED = "closed", "已归档"


class ThingError(DomainError):
    pass


CYCLE = ReviewCycle(
    statuses=Status,
    noun="材料",
    drafts=(Status.DRAFT, Status.RETURNED),
    submitted=Status.SUBMITTED,
    approved=Status.APPROVED,
    returned=Status.RETURNED,
    error=ThingError,
    more={Status.APPROVED: (Status.CLOSED,)},
    submit_refusals={Status.SUBMITTED: ("already_submitted", "已提交，请等待审核。")},
    edit_refusals={Status.APPROVED: ("already_approved", "已通过，不能修改。")},
    comment_required="退回时请写明原因。",
)


def thing(status: str, tenant_id: int = 1, pk: int = 7) -> SimpleNamespace:
    # Review records name their subject by its model: borrow a real one's _meta.
    return SimpleNamespace(pk=pk, tenant_id=tenant_id, status=status, _meta=Revision._meta)


def test_the_table_is_draft_submitted_approved_or_returned_and_the_apps_extra_moves():
    assert CYCLE.transitions == {
        Status.DRAFT: {Status.SUBMITTED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.APPROVED, Status.RETURNED},
        Status.APPROVED: {Status.CLOSED},
        Status.CLOSED: set(),
    }


def test_a_cycle_naming_an_unknown_status_is_refused_when_it_is_built():
    with pytest.raises(ValueError, match="bogus"):
        ReviewCycle(
            statuses=Status,
            noun="材料",
            drafts=("bogus",),
            submitted=Status.SUBMITTED,
            approved=Status.APPROVED,
            returned=Status.RETURNED,
        )


def test_move_refuses_what_the_table_does_not_allow_with_the_apps_error_in_chinese():
    obj = thing(Status.DRAFT)
    with pytest.raises(ThingError) as error:
        CYCLE.move(obj, Status.APPROVED)
    assert error.value.code == "bad_transition"
    assert error.value.message == "材料当前处于「草稿」状态，不能变为「已通过」。"
    assert obj.status == Status.DRAFT
    CYCLE.move(obj, Status.SUBMITTED)
    assert obj.status == Status.SUBMITTED


def test_submit_uses_the_apps_refusal_for_that_status_and_bad_transition_otherwise():
    with pytest.raises(ThingError) as error:
        CYCLE.submit(thing(Status.SUBMITTED))
    assert (error.value.code, error.value.message) == ("already_submitted", "已提交，请等待审核。")
    with pytest.raises(ThingError) as error:
        CYCLE.submit(thing(Status.APPROVED))
    assert error.value.code == "bad_transition"
    returned = thing(Status.RETURNED)
    CYCLE.submit(returned)
    assert returned.status == Status.SUBMITTED


def test_only_drafts_and_returned_records_may_be_edited():
    for status in (Status.DRAFT, Status.RETURNED):
        CYCLE.require_editable(thing(status))
    with pytest.raises(ThingError) as error:
        CYCLE.require_editable(thing(Status.APPROVED))
    assert error.value.code == "already_approved"
    with pytest.raises(ThingError) as error:
        CYCLE.require_editable(thing(Status.SUBMITTED))
    assert (error.value.code, error.value.message) == (
        "not_editable",
        "材料当前处于「待审核」状态，不能修改。",
    )


def test_the_default_error_is_review_error():
    cycle = ReviewCycle(
        statuses=Status,
        noun="材料",
        drafts=(Status.DRAFT,),
        submitted=Status.SUBMITTED,
        approved=Status.APPROVED,
        returned=Status.RETURNED,
    )
    with pytest.raises(ReviewError):
        cycle.submit(thing(Status.APPROVED))


def test_decide_approves_or_returns_and_records_who_when_what(tree, personas):
    obj = thing(Status.SUBMITTED, tenant_id=tree.tenant.pk)
    CYCLE.record_revision(obj, fields=[("内容", "第一稿"), ("日期", None)], actor=personas.chair)
    returned = CYCLE.decide(obj, approve=False, comment="  补充签字页 ", actor=personas.office)
    assert obj.status == Status.RETURNED
    assert (returned.decision, returned.comment, returned.reviewer, returned.number) == (
        Outcome.RETURNED,
        "补充签字页",
        personas.office,
        1,
    )
    CYCLE.submit(obj)
    second = CYCLE.record_revision(obj, fields=[("内容", "第二稿")], actor=SYSTEM)
    assert (second.number, second.fields, second.submitted_by) == (2, [["内容", "第二稿"]], None)
    approved = CYCLE.decide(obj, approve=True, comment="", actor=SYSTEM)
    assert obj.status == Status.APPROVED and approved.reviewer is None and approved.number == 2
    assert [r.number for r in revisions_of(obj)] == [1, 2]
    assert revisions_of(obj)[0].fields == [["内容", "第一稿"], ["日期", ""]]
    assert [d.pk for d in decisions_of(obj)] == [approved.pk, returned.pk]
    # Another subject's records are its own.
    assert latest_revision_number(thing(Status.DRAFT, tenant_id=tree.tenant.pk, pk=8)) is None


def test_decide_refuses_a_record_not_waiting_for_review_and_a_return_without_comment(tree, personas):
    with pytest.raises(ThingError) as error:
        CYCLE.decide(
            thing(Status.DRAFT, tenant_id=tree.tenant.pk), approve=True, comment="", actor=personas.office
        )
    assert error.value.code == "bad_transition"
    obj = thing(Status.SUBMITTED, tenant_id=tree.tenant.pk)
    with pytest.raises(ThingError) as error:
        CYCLE.decide(obj, approve=False, comment="   ", actor=personas.office)
    assert (error.value.code, error.value.message, error.value.field) == (
        "comment_required",
        "退回时请写明原因。",
        "comment",
    )
    assert obj.status == Status.SUBMITTED and not Decision.objects.exists()
    waiting = ReviewCycle(
        statuses=Status,
        noun="材料",
        drafts=(Status.DRAFT,),
        submitted=Status.SUBMITTED,
        approved=Status.APPROVED,
        returned=Status.RETURNED,
        not_submitted=("not_submitted", "只有待审核的材料才能审核。"),
    )
    with pytest.raises(ReviewError) as error:
        waiting.decide(
            thing(Status.APPROVED, tenant_id=tree.tenant.pk), approve=True, comment="", actor=SYSTEM
        )
    assert error.value.code == "not_submitted"
