from datetime import date

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.services import PhaseClosedError, phase_window_reopen
from chuangxian.core.errors import Refused
from chuangxian.notifications.models import Notification
from chuangxian.pledges.models import Pledge, PledgeProgress, PledgeReport, PledgeStatus
from chuangxian.pledges.services import (
    TRANSITIONS,
    PledgeContent,
    PledgeError,
    can_transition,
    pledge_progress_add,
    pledge_report_submit,
    pledge_review,
    pledge_submit,
)
from chuangxian.pledges.tests.conftest import AFTER_PHASE_2, BEFORE_PHASE_2, CONTENT

pytestmark = pytest.mark.usefixtures("phase2")


def test_submit_creates_pledge_in_review_with_members_unit(tree, personas, submitted):
    assert submitted.status == PledgeStatus.IN_REVIEW
    assert submitted.unit == tree.group
    assert submitted.flagged_strict is False
    assert submitted.submitted_at is not None
    assert AuditEntry.objects.filter(action="pledges.pledge.submitted", target_id=str(submitted.pk)).exists()
    assert (
        Notification.objects.filter(kind="pledges.submitted", recipient=personas.chair_row).exists() is False
    )
    # The member's unit is the group; its chair and liaison are notified (none here), nothing breaks.


def test_draft_then_submit_updates_the_same_pledge(personas, campaign):
    draft = pledge_submit(
        member=personas.member_row, campaign=campaign, content=CONTENT, submit=False, actor=personas.member
    )
    assert draft.status == PledgeStatus.DRAFT
    again = pledge_submit(
        member=personas.member_row, campaign=campaign, content=CONTENT, actor=personas.member
    )
    assert again.pk == draft.pk and again.status == PledgeStatus.IN_REVIEW
    assert Pledge.objects.count() == 1


def test_second_pledge_for_the_same_campaign_is_refused(personas, campaign, submitted):
    with pytest.raises(PledgeError) as error:
        pledge_submit(member=personas.member_row, campaign=campaign, content=CONTENT, actor=personas.member)
    assert error.value.code == "duplicate"
    assert "只能提交一份" in error.value.message
    assert Pledge.objects.count() == 1


def test_pledge_of_a_role_holder_is_flagged_strict(tree, personas, campaign):
    pledge = pledge_submit(
        member=personas.chair_row, campaign=campaign, content=CONTENT, actor=personas.chair
    )
    assert pledge.flagged_strict is True
    assert pledge.unit == tree.college


def test_only_the_member_writes_their_pledge(personas, campaign):
    with pytest.raises(Refused) as error:
        pledge_submit(member=personas.member_row, campaign=campaign, content=CONTENT, actor=personas.chair)
    assert error.value.code == "not_own"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("content", "  ", "empty"), ("check_standard", "", "no_standard"), ("type", "x", "bad_type")],
)
def test_bad_content_is_refused_and_nothing_saved(personas, campaign, field, value, code):
    content = PledgeContent(**{**CONTENT.__dict__, field: value})
    with pytest.raises(PledgeError) as error:
        pledge_submit(member=personas.member_row, campaign=campaign, content=content, actor=personas.member)
    assert error.value.code == code
    assert not Pledge.objects.exists()


def test_due_date_in_the_past_is_refused(personas, campaign):
    content = PledgeContent(**{**CONTENT.__dict__, "due_on": date(2011, 1, 1)})
    with pytest.raises(PledgeError) as error:
        pledge_submit(member=personas.member_row, campaign=campaign, content=content, actor=personas.member)
    assert error.value.code == "past_due"


@pytest.mark.parametrize(
    ("moment", "code"), [(BEFORE_PHASE_2, "phase_not_started"), (AFTER_PHASE_2, "phase_closed")]
)
def test_submit_outside_the_pledge_window_is_refused(personas, campaign, moment, code):
    content = PledgeContent(**{**CONTENT.__dict__, "due_on": date(2013, 1, 1)})
    with time_machine.travel(moment, tick=False), pytest.raises(PhaseClosedError) as error:
        pledge_submit(member=personas.member_row, campaign=campaign, content=content, actor=personas.member)
    assert error.value.code == code
    assert not Pledge.objects.exists()


def test_submit_after_the_window_when_reopened_for_the_unit(tree, personas, campaign):
    phase = campaign.phases.order_by("starts_on")[1]
    with time_machine.travel(AFTER_PHASE_2, tick=False):
        phase_window_reopen(
            phase=phase, unit=tree.group, until=date(2012, 3, 1), reason="补交", actor=personas.office
        )
        content = PledgeContent(**{**CONTENT.__dict__, "due_on": date(2012, 6, 1)})
        pledge = pledge_submit(
            member=personas.member_row, campaign=campaign, content=content, actor=personas.member
        )
    assert pledge.status == PledgeStatus.IN_REVIEW


def test_chair_approves_and_publishes(personas, submitted):
    pledge = pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    assert pledge.status == PledgeStatus.PUBLISHED and pledge.published_at is not None
    assert pledge.reviewed_by == personas.chair
    assert AuditEntry.objects.filter(action="pledges.pledge.published").exists()
    assert Notification.objects.filter(
        kind="pledges.pledge.published", recipient=personas.member_row
    ).exists()


def test_return_needs_a_comment_then_member_resubmits(personas, campaign, submitted):
    with pytest.raises(PledgeError) as error:
        pledge_review(pledge=submitted, approve=False, comment=" ", actor=personas.liaison)
    assert error.value.code == "comment_required"
    pledge = pledge_review(pledge=submitted, approve=False, comment="请写得更具体", actor=personas.liaison)
    assert pledge.status == PledgeStatus.RETURNED and pledge.review_comment == "请写得更具体"
    again = pledge_submit(
        member=personas.member_row, campaign=campaign, content=CONTENT, actor=personas.member
    )
    assert again.status == PledgeStatus.IN_REVIEW


def test_chair_of_another_unit_cannot_review(personas, submitted):
    with pytest.raises(Refused) as error:
        pledge_review(pledge=submitted, approve=True, actor=personas.sibling_chair)
    assert error.value.code == "not_reviewer"
    submitted.refresh_from_db()
    assert submitted.status == PledgeStatus.IN_REVIEW


def test_plain_member_cannot_review(personas, submitted):
    with pytest.raises(Refused) as error:
        pledge_review(pledge=submitted, approve=True, actor=personas.member)
    assert error.value.code == "not_reviewer"


def test_manager_cannot_review_own_pledge(personas, campaign):
    pledge = pledge_submit(
        member=personas.chair_row, campaign=campaign, content=CONTENT, actor=personas.chair
    )
    with pytest.raises(Refused) as error:
        pledge_review(pledge=pledge, approve=True, actor=personas.chair)
    assert error.value.code == "own_pledge"
    assert pledge_review(pledge=pledge, approve=True, actor=personas.liaison).status == PledgeStatus.PUBLISHED


def test_full_lifecycle(personas, submitted):
    pledge = pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    entry = pledge_progress_add(
        pledge=pledge, on=date(2011, 2, 20), text="完成第一次答疑", actor=personas.member
    )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.FULFILLING
    pledge_progress_add(pledge=pledge, on=date(2011, 3, 1), text="第二次", actor=personas.member)
    assert PledgeProgress.objects.filter(pledge=pledge).count() == 2
    assert entry.created_by == personas.member
    report = pledge_report_submit(pledge=pledge, text="全部兑现", actor=personas.member)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.REPORTED
    assert PledgeReport.objects.get(pledge=pledge) == report
    actions = set(AuditEntry.objects.filter(target_id=str(pledge.pk)).values_list("action", flat=True))
    assert {"pledges.progress.added", "pledges.pledge.reported"} <= actions


def test_report_straight_after_publication_is_allowed(personas, submitted):
    pledge = pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    pledge_report_submit(pledge=pledge, text="已兑现", actor=personas.member)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.REPORTED


def test_forbidden_transitions_raise_bad_transition(personas, submitted):
    # Reviewing twice: published → published is not in the table.
    pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    with pytest.raises(PledgeError) as error:
        pledge_review(pledge=submitted, approve=False, comment="再退回", actor=personas.chair)
    assert error.value.code == "bad_transition"
    assert "示诺" in error.value.message
    pledge_report_submit(pledge=submitted, text="完成", actor=personas.member)
    with pytest.raises(PledgeError) as error:
        pledge_report_submit(pledge=submitted, text="再述诺", actor=personas.member)
    assert error.value.code == "bad_transition"
    assert PledgeReport.objects.count() == 1


def test_report_before_publication_is_a_bad_transition(personas, submitted):
    with pytest.raises(PledgeError) as error:
        pledge_report_submit(pledge=submitted, text="提前述诺", actor=personas.member)
    assert error.value.code == "bad_transition"


def test_progress_before_publication_is_refused(personas, submitted):
    with pytest.raises(PledgeError) as error:
        pledge_progress_add(pledge=submitted, on=date(2011, 3, 1), text="x", actor=personas.member)
    assert error.value.code == "not_published"


def test_progress_by_someone_else_or_in_the_future_is_refused(personas, submitted):
    pledge = pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    with pytest.raises(Refused) as error:
        pledge_progress_add(pledge=pledge, on=date(2011, 3, 1), text="x", actor=personas.chair)
    assert error.value.code == "not_own"
    with pytest.raises(PledgeError) as error:
        pledge_progress_add(pledge=pledge, on=date(2011, 3, 2), text="x", actor=personas.member)
    assert error.value.code == "future_date"


def test_transition_table_covers_every_status_and_nothing_leaves_rated():
    assert set(TRANSITIONS) == set(PledgeStatus.values)
    assert not TRANSITIONS[PledgeStatus.RATED]
    assert not can_transition(PledgeStatus.DRAFT, PledgeStatus.PUBLISHED)
    assert not can_transition(PledgeStatus.PUBLISHED, PledgeStatus.DRAFT)
    assert can_transition(PledgeStatus.IN_REVIEW, PledgeStatus.RETURNED)


def test_a_chairs_own_pledge_notifies_the_liaison_not_the_chair(
    personas, campaign, django_capture_on_commit_callbacks
):
    from chuangxian.orgs.models import Member

    liaison_row = Member.objects.get(user=personas.liaison)
    with django_capture_on_commit_callbacks(execute=True):
        pledge_submit(member=personas.chair_row, campaign=campaign, content=CONTENT, actor=personas.chair)
    recipients = set(
        Notification.objects.filter(kind__startswith="pledges").values_list("recipient_id", flat=True)
    )
    assert liaison_row.pk in recipients
    assert personas.chair_row.pk not in recipients


def test_chair_sees_a_todo_for_pledges_waiting_for_review(tree, personas, campaign):
    from chuangxian.campaigns.todos import todos_for
    from chuangxian.orgs.tests.factories import MemberFactory

    colleague = MemberFactory(unit=tree.college)
    pledge_submit(member=personas.chair_row, campaign=campaign, content=CONTENT, actor=personas.chair)
    assert not [i for i in todos_for(personas.chair, campaign) if "待审核" in i.title]  # own pledge only
    from chuangxian.orgs.tests.factories import make_user

    pledge_submit(member=colleague, campaign=campaign, content=CONTENT, actor=make_user(colleague))
    items = [i for i in todos_for(personas.chair, campaign) if "待审核" in i.title]
    assert [i.title for i in items] == ["文学与传播学院有 1 份承诺待审核"]
    assert not [i for i in todos_for(personas.member, campaign) if "待审核" in i.title]


def test_the_review_queue_page_lists_what_the_to_do_counts(client, tree, personas, campaign):
    """The chair's own pledge is reviewed above them: it is neither counted nor listed for them."""
    from django.urls import reverse

    from chuangxian.orgs.tests.factories import MemberFactory, make_user

    colleague = MemberFactory(unit=tree.college, name="同事甲")
    pledge_submit(member=personas.chair_row, campaign=campaign, content=CONTENT, actor=personas.chair)
    pledge_submit(member=colleague, campaign=campaign, content=CONTENT, actor=make_user(colleague))
    client.force_login(personas.chair)
    page = client.get(reverse("pledges:queue", args=[tree.college.pk])).content.decode()
    assert "同事甲" in page and personas.chair_row.name not in page.split('id="main"')[1]
    client.force_login(personas.liaison)
    page = client.get(reverse("pledges:queue", args=[tree.college.pk])).content.decode()
    assert "同事甲" in page and personas.chair_row.name in page


def test_progress_and_report_record_who_did_it_and_tell_the_officers_without_mail(tree, personas, campaign):
    """What the audit log and the officers see of a member's 践诺 and 述诺 (mutation testing found
    the actor, the unit, the data, the report's author and the notice's kind and e-mail flag unchecked)."""
    from chuangxian.notifications.models import EmailStatus
    from chuangxian.orgs.models import Member
    from chuangxian.orgs.tests.factories import MemberFactory, make_user

    Member.objects.filter(pk=personas.chair_row.pk).update(email="chair@example.com")
    author = MemberFactory(unit=tree.college, name="学院会员")
    user = make_user(author)
    pledge = pledge_submit(member=author, campaign=campaign, content=CONTENT, actor=user)
    pledge = pledge_review(pledge=pledge, approve=True, actor=personas.chair)
    entry = pledge_progress_add(pledge=pledge, on=date(2011, 2, 20), text="完成第一次答疑", actor=user)
    added = AuditEntry.objects.get(action="pledges.progress.added", target_id=str(pledge.pk))
    assert (added.actor, added.unit_id) == (user, tree.college.pk)
    assert added.data == {"on": "2011-02-20", "entry": entry.pk}
    report = pledge_report_submit(pledge=pledge, text="全部兑现", actor=user)
    assert PledgeReport.objects.get(pk=report.pk).submitted_by == user
    notice = Notification.objects.get(kind="pledges.reported", recipient=personas.chair_row)
    assert notice.email_status == EmailStatus.NONE  # a report is no reason for an e-mail
