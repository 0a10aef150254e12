"""Tests for what mutation testing (docs/testing.md, 第四轮) found unchecked in ``pledges/services.py``.

Each test names the mutants it kills; refusals are asserted as DomainError codes.
"""

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.core.errors import DomainError
from chuangxian.core.roles import Role
from chuangxian.notifications.models import EmailStatus, Notification
from chuangxian.orgs.models import Member
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.pledges.models import Pledge, PledgeReport, PledgeStatus
from chuangxian.pledges.services import (
    MAX_CONTENT,
    can_transition,
    pledge_report_submit,
    pledge_review,
    pledge_submit,
)
from chuangxian.pledges.tests.conftest import CONTENT

pytestmark = pytest.mark.usefixtures("phase2")


@pytest.fixture
def author(tree):
    """A plain member of the college, whose chair and liaison review and hear of the pledge."""
    member = MemberFactory(unit=tree.college, name="学院会员")
    return member, make_user(member)


def _submit(member: Member, user: Actor, campaign: Campaign, submit: bool = True, **changes: Any) -> Pledge:
    content = replace(CONTENT, **changes)
    return pledge_submit(member=member, campaign=campaign, content=content, submit=submit, actor=user)


def test_an_unknown_status_can_go_nowhere():
    """``TRANSITIONS.get(current, None)`` would raise TypeError instead of answering no."""
    assert can_transition("unknown", PledgeStatus.IN_REVIEW) is False


def test_content_and_standard_may_each_be_exactly_the_limit_and_either_alone_too_long_is_refused(
    personas, campaign
):
    """``>`` → ``>=`` on either length, and ``or`` → ``and`` (a too long standard alone passed)."""
    member, user = personas.member_row, personas.member
    with pytest.raises(DomainError) as error:
        _submit(member, user, campaign, check_standard="标" * (MAX_CONTENT + 1), submit=False)
    assert error.value.code == "too_long"
    draft = pledge_submit(
        member=member,
        campaign=campaign,
        content=replace(CONTENT, content="诺" * MAX_CONTENT, check_standard="标" * MAX_CONTENT),
        submit=False,
        actor=user,
    )
    assert (len(draft.content), len(draft.check_standard)) == (MAX_CONTENT, MAX_CONTENT)


def test_a_pledge_may_be_due_today(personas, campaign):
    """``due_on < today`` → ``<=`` would refuse a pledge due today (phase2 is 2011-03-01)."""
    pledge = _submit(personas.member_row, personas.member, campaign, due_on=date(2011, 3, 1))
    assert pledge.due_on == date(2011, 3, 1)


def test_a_units_other_role_holders_are_not_told_of_a_submitted_pledge(tree, personas, campaign, author):
    """``_officers`` without ``role__in=OFFICER_ROLES`` would notify every role holder of the unit."""
    delegate = MemberFactory(unit=tree.college, name="教代会代表")
    role_grant(member=delegate, unit=tree.college, role=Role.REPRESENTATIVE, actor=SYSTEM)
    _submit(*author, campaign)
    told = set(
        Notification.objects.filter(kind="pledges.submitted").values_list("recipient__name", flat=True)
    )
    assert told == {personas.chair_row.name, "学院联络员"}


def test_a_pledge_in_an_earlier_campaign_does_not_block_or_get_overwritten_by_a_new_one(
    tree, personas, campaign, author
):
    """The existing-pledge lookup without ``campaign=`` would call the new pledge a duplicate."""
    from chuangxian.campaigns.tests.factories import make_campaign

    member, user = author
    first = _submit(member, user, campaign)
    later = make_campaign(tree.tenant)
    second = _submit(member, user, later, content="新一轮的承诺")
    assert second.pk != first.pk and second.campaign == later
    first.refresh_from_db()
    assert first.status == PledgeStatus.IN_REVIEW and first.content == CONTENT.content


def test_saving_and_submitting_are_audited_with_unit_type_due_date_and_whether_it_was_new(
    tree, campaign, author
):
    """The audit of 提诺: ``unit=None``, ``data=None``, renamed keys, ``created`` None or inverted."""
    member, user = author
    pledge = _submit(member, user, campaign, submit=False)
    _submit(member, user, campaign)
    saved = AuditEntry.objects.get(action="pledges.pledge.draft_saved", target_id=str(pledge.pk))
    submitted = AuditEntry.objects.get(action="pledges.pledge.submitted", target_id=str(pledge.pk))
    assert (saved.unit_id, submitted.unit_id) == (tree.college.pk, tree.college.pk)
    assert saved.data == {"type": "post", "due_on": "2011-07-01", "created": True, "strict": False}
    assert submitted.data == {"type": "post", "due_on": "2011-07-01", "created": False, "strict": False}


def test_the_officers_notice_of_a_submission_links_the_pledge_sends_no_mail_and_comes_again_on_resubmission(
    personas, campaign, author
):
    """Kind, link and ``email=False`` of the submitted notice; its key carries the submission time, so
    a pledge resubmitted after being returned notifies the officers again."""
    Member.objects.filter(pk=personas.chair_row.pk).update(email="chair@example.com")
    member, user = author
    pledge = _submit(member, user, campaign)
    notice = Notification.objects.get(recipient=personas.chair_row)
    assert notice.kind == "pledges.submitted"
    assert notice.url == reverse("pledges:detail", args=[pledge.pk])
    assert notice.email_status == EmailStatus.NONE
    assert notice.key.startswith(f"pledge-submitted:{pledge.pk}:2011-03-01")
    pledge_review(pledge=pledge, approve=False, comment="请写得更具体", actor=personas.liaison)
    with time_machine.travel("2011-03-02 09:00 +0800", tick=False):
        _submit(member, user, campaign)
    assert Notification.objects.filter(recipient=personas.chair_row, kind="pledges.submitted").count() == 2


def test_approval_without_comment_records_an_empty_comment_and_the_review_time(personas, submitted):
    """The default comment ``""`` → ``"XXXX"``, and ``reviewed_at = None``."""
    from chuangxian.core import clock

    pledge = pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    pledge.refresh_from_db()
    assert pledge.review_comment == ""
    assert pledge.reviewed_at == clock.now() == pledge.published_at


def test_a_returned_pledge_is_audited_and_notified_as_returned_with_a_link(personas, submitted):
    """``action`` always "published" (``or True``) or a misspelt "returned"; the notice's link and key."""
    pledge_review(pledge=submitted, approve=False, comment="请写得更具体", actor=personas.chair)
    entry = AuditEntry.objects.get(target_id=str(submitted.pk), action__startswith="pledges.pledge.re")
    assert (entry.action, entry.data) == ("pledges.pledge.returned", {"comment": "请写得更具体"})
    notice = Notification.objects.get(recipient=personas.member_row)
    assert (notice.kind, notice.body) == ("pledges.pledge.returned", "请写得更具体")
    assert notice.url == reverse("pledges:detail", args=[submitted.pk])
    assert notice.key.startswith(f"pledge-review:{submitted.pk}:2011-03-01")


def test_the_system_may_review_and_is_recorded_as_no_reviewer(personas, submitted):
    """``reviewed_by = actor if isinstance(actor, User) or True`` would store SYSTEM as a user."""
    pledge = pledge_review(pledge=submitted, approve=True, actor=SYSTEM)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.PUBLISHED and pledge.reviewed_by is None


def test_a_long_report_keeps_twice_the_pledge_limit_and_its_notice_links_the_pledge(
    personas, campaign, author
):
    """Truncation ``MAX_CONTENT * 2`` → ``* 3``; the reported notice's link and key."""
    member, user = author
    pledge = pledge_review(pledge=_submit(member, user, campaign), approve=True, actor=personas.chair)
    report = pledge_report_submit(pledge=pledge, text="述" * (MAX_CONTENT * 3), actor=user)
    assert len(PledgeReport.objects.get(pk=report.pk).text) == MAX_CONTENT * 2
    notice = Notification.objects.get(kind="pledges.reported", recipient=personas.chair_row)
    assert notice.url == reverse("pledges:detail", args=[pledge.pk])
    assert notice.key == f"pledge-reported:{pledge.pk}"
