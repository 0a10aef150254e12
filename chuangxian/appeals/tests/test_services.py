"""The appeal's life through its services: each transition, the forbidden ones, the deadline on the
working-day calendar, the one reopening, anonymity kept from the handler but not from the audit log,
the overdue reminder and the ledger."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chuangxian.appeals.clock import appeals_remind_overdue
from chuangxian.appeals.models import AppealAnswer, AppealMessage, AppealStatus, MatterAppeal, Rating
from chuangxian.appeals.services import (
    AppealData,
    AppealError,
    appeal_accept,
    appeal_answer,
    appeal_message,
    appeal_rate,
    appeal_transfer,
    desk_add,
    routable_units,
)
from chuangxian.appeals.tests.factories import accepted, answered, matter, submit
from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.core.roles import Role
from chuangxian.grants.models import GrantKind
from chuangxian.grants.services import grant_create
from chuangxian.notifications.models import Notification
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.workdays.calendar import working_day_end

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=SHANGHAI)


def test_an_appeal_goes_to_the_members_college_union_by_default(tree, personas):
    appeal = submit(personas.member)
    assert appeal.unit == tree.college  # the member is in 中文系工会小组, under 文学与传播学院
    assert appeal.status == AppealStatus.SUBMITTED
    assert [u.name for u in routable_units(tree.tenant.pk, personas.member_row)][:2] == [
        "文学与传播学院",
        "校工会",
    ]


def test_the_deadline_is_15_working_days_from_the_next_day_on_the_calendar(tree, personas):
    # Submitted on Friday 2024-09-27: the National Day holiday (10-01 to 10-07) and the make-up
    # working days (09-29, 10-12) count as the official calendar says.
    with time_machine.travel(_at(date(2024, 9, 27)), tick=False):
        appeal = submit(personas.member)
    assert appeal.due_on == working_day_end(date(2024, 9, 28), 15, tenant_id=tree.tenant.pk)
    assert appeal.due_on == date(2024, 10, 23)  # 9-29 and 10-12 count, 10-01..07 do not


def test_a_member_may_address_a_handling_office_on_the_offices_list_and_no_other_unit(tree, personas):
    with pytest.raises(AppealError) as refused:
        submit(personas.member, unit=tree.library)
    assert refused.value.code == "bad_unit"
    desk_add(unit=tree.library, note="后勤保障", actor=personas.office)
    assert submit(personas.member, unit=tree.library).unit == tree.library
    with pytest.raises(AppealError) as refused:
        submit(personas.member, unit=tree.sibling)  # another college's union
    assert refused.value.code == "bad_unit"


def test_every_problem_of_an_appeal_is_reported():
    from chuangxian.appeals.services import appeal_check

    codes = {p.code for p in appeal_check(AppealData(subject="", text=" ", category="nope"))}
    assert codes == {"subject_required", "text_required", "bad_category"}


def test_the_whole_life_accept_answer_unsatisfied_answer_again_satisfied(tree, personas):
    appeal = submit(personas.member, anonymous=True)
    appeal = appeal_accept(appeal=appeal, actor=personas.chair)
    assert appeal.status == AppealStatus.ACCEPTED
    appeal_message(appeal=appeal, text="请问是哪间实验室？", actor=personas.chair)
    appeal_message(appeal=appeal, text="302 实验室。", actor=personas.member)
    appeal_answer(appeal=appeal, text="已报修。", actor=personas.chair)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED and appeal.answered_on_time is True
    appeal = appeal_rate(
        appeal=appeal, rating=Rating.UNSATISFIED, comment="只是报修，没有修好", actor=personas.member
    )
    assert (appeal.status, appeal.round, appeal.rating) == (AppealStatus.ACCEPTED, 2, Rating.UNSATISFIED)
    second = appeal_answer(appeal=appeal, text="空调已更换。", actor=personas.liaison)
    assert second.round == 2
    appeal.refresh_from_db()
    appeal = appeal_rate(appeal=appeal, rating=Rating.SATISFIED, actor=personas.member)
    assert appeal.status == AppealStatus.CLOSED and appeal.closed_at is not None
    ratings = list(
        AppealAnswer.objects.filter(tenant_id=tree.tenant.pk, appeal=appeal).values_list("rating", flat=True)
    )
    assert ratings == [Rating.UNSATISFIED, Rating.SATISFIED]
    actions = list(
        AuditEntry.objects.filter(target_id=str(appeal.pk), action__startswith="appeals.appeal")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "appeals.appeal.submitted",
        "appeals.appeal.accepted",
        "appeals.appeal.answered",
        "appeals.appeal.reopened",
        "appeals.appeal.answered",
        "appeals.appeal.rated",
    ]


def test_unsatisfied_reopens_only_once(personas):
    appeal = answered(personas.member)
    appeal = appeal_rate(appeal=appeal, rating=Rating.UNSATISFIED, actor=personas.member)
    appeal_answer(appeal=appeal, text="再次答复。", actor=personas.chair)
    appeal.refresh_from_db()
    appeal = appeal_rate(appeal=appeal, rating=Rating.UNSATISFIED, actor=personas.member)
    assert appeal.status == AppealStatus.CLOSED and appeal.rating == Rating.UNSATISFIED


def test_a_reopened_appeal_gets_a_new_deadline(tree, personas):
    with time_machine.travel(_at(date(2024, 3, 1)), tick=False):
        appeal = answered(personas.member)
    with time_machine.travel(_at(date(2024, 5, 6)), tick=False):
        appeal = appeal_rate(appeal=appeal, rating=Rating.UNSATISFIED, actor=personas.member)
    assert appeal.due_on == working_day_end(date(2024, 5, 7), 15, tenant_id=tree.tenant.pk)


@pytest.mark.parametrize(
    ("make", "service", "code"),
    [
        (submit, lambda a, p: appeal_answer(appeal=a, text="x", actor=p.chair), "bad_transition"),
        (
            submit,
            lambda a, p: appeal_rate(appeal=a, rating=Rating.SATISFIED, actor=p.member),
            "bad_transition",
        ),
        (accepted, lambda a, p: appeal_accept(appeal=a, actor=p.chair), "bad_transition"),
        (answered, lambda a, p: appeal_answer(appeal=a, text="x", actor=p.chair), "bad_transition"),
        (
            answered,
            lambda a, p: appeal_transfer(appeal=a, to_unit=p.root, reason="x", actor=p.chair),
            "bad_transition",
        ),
        (answered, lambda a, p: appeal_rate(appeal=a, rating="great", actor=p.member), "bad_rating"),
        (accepted, lambda a, p: appeal_answer(appeal=a, text="  ", actor=p.chair), "answer_required"),
        (
            accepted,
            lambda a, p: appeal_transfer(appeal=a, to_unit=p.root, reason=" ", actor=p.chair),
            "reason_required",
        ),
        (
            accepted,
            lambda a, p: appeal_transfer(appeal=a, to_unit=p.college, reason="x", actor=p.chair),
            "same_unit",
        ),
        (
            accepted,
            lambda a, p: appeal_transfer(appeal=a, to_unit=p.group, reason="x", actor=p.chair),
            "bad_unit",
        ),
    ],
)
def test_forbidden_transitions_are_refused_and_change_nothing(tree, personas, make, service, code):
    appeal = make(personas.member)
    personas.root, personas.college, personas.group = tree.root, tree.college, tree.group
    before = (appeal.status, appeal.round, AuditEntry.objects.count())
    with pytest.raises(AppealError) as refused:
        service(appeal, personas)
    assert refused.value.code == code
    appeal.refresh_from_db()
    assert (appeal.status, appeal.round, AuditEntry.objects.count()) == before


def test_a_closed_appeal_takes_no_more_messages(personas):
    from chuangxian.appeals.tests.factories import closed

    appeal = closed(personas.member)
    with pytest.raises(AppealError) as refused:
        appeal_message(appeal=appeal, text="谢谢", actor=personas.member)
    assert refused.value.code == "closed"


def test_only_the_submitter_rates_not_the_handler_nor_another_member(tree, personas):
    appeal = answered(personas.member)
    colleague = make_user(MemberFactory(unit=tree.group, name="同事"))
    for actor in (personas.chair, personas.office, colleague, SYSTEM):
        with pytest.raises(Refused) as refused:
            appeal_rate(appeal=appeal, rating=Rating.SATISFIED, actor=actor)
        assert refused.value.code == "not_submitter"


def test_a_transferred_appeal_waits_at_the_new_unit_with_the_same_deadline(tree, personas):
    appeal = accepted(personas.member)
    due = appeal.due_on
    appeal = appeal_transfer(
        appeal=appeal, to_unit=tree.root, reason="涉及全校，转校工会。", actor=personas.chair
    )
    assert (appeal.unit, appeal.status, appeal.due_on) == (tree.root, AppealStatus.SUBMITTED, due)
    with pytest.raises(Refused):  # the college's chair handles it no more
        appeal_accept(appeal=appeal, actor=personas.chair)
    assert appeal_accept(appeal=appeal, actor=personas.office).status == AppealStatus.ACCEPTED


def test_a_handling_office_and_a_handler_grant_may_handle(tree, personas):
    desk_add(unit=tree.library, actor=SYSTEM)
    clerk_row = MemberFactory(unit=tree.library, name="后勤干事")
    clerk = make_user(clerk_row)
    role_grant(member=clerk_row, unit=tree.library, role=Role.HANDLING_OFFICE, actor=SYSTEM)
    appeal = submit(personas.member, unit=tree.library)
    assert appeal_accept(appeal=appeal, actor=clerk).status == AppealStatus.ACCEPTED
    other = accepted(personas.member)
    with pytest.raises(Refused):
        appeal_answer(appeal=other, text="x", actor=clerk)
    expert_row = MemberFactory(unit=tree.sibling, name="专家")
    grant_create(
        kind=GrantKind.HANDLER,
        target=other,
        member=expert_row,
        starts_on=other.submitted_at.date(),
        actor=personas.office,
    )
    appeal_answer(appeal=other, text="经研究，答复如下。", actor=make_user(expert_row))


def test_anonymity_the_thread_hides_the_name_the_audit_log_keeps_it(tree, personas):
    appeal = accepted(personas.member, anonymous=True)
    message = appeal_message(appeal=appeal, text="补充：302 实验室。", actor=personas.member)
    assert message.author_label == "匿名教职工"
    entry = AuditEntry.objects.get(action="appeals.appeal.submitted", target_id=str(appeal.pk))
    assert entry.actor == personas.member  # never from the system's audit
    assert entry.data["anonymous"] is True
    named = accepted(personas.member)
    assert (
        appeal_message(appeal=named, text="补充", actor=personas.member).author_label
        == personas.member_row.name
    )


def test_the_handlers_are_told_of_a_new_appeal_and_the_member_of_the_answer(tree, personas):
    appeal = submit(personas.member)
    told = set(
        Notification.objects.filter(tenant_id=tree.tenant.pk, kind="appeals.submitted").values_list(
            "recipient_id", flat=True
        )
    )
    assert personas.chair_row.pk in told and personas.member_row.pk not in told
    appeal_accept(appeal=appeal, actor=personas.chair)
    appeal_answer(appeal=appeal, text="已处理。", actor=personas.chair)
    assert Notification.objects.filter(
        tenant_id=tree.tenant.pk, kind="appeals.answered", recipient=personas.member_row
    ).exists()


def test_overdue_appeals_are_reminded_to_the_handler_and_the_office_once(tree, personas):
    with time_machine.travel(_at(date(2024, 3, 1)), tick=False):
        late = accepted(personas.member)
        on_time = answered(personas.member)
    with time_machine.travel(_at(date(2024, 4, 30)), tick=False):
        assert appeals_remind_overdue() == 1
        assert appeals_remind_overdue() == 0  # told once per round
    reminded = Notification.objects.filter(tenant_id=tree.tenant.pk, kind="appeals.overdue")
    recipients = set(reminded.values_list("recipient_id", flat=True))
    assert personas.chair_row.pk in recipients and personas.member_row.pk not in recipients
    assert len(recipients) == 3  # the chair, the liaison, the office
    assert {n.url for n in reminded} == {f"/appeals/{late.pk}/"}
    assert on_time.pk != late.pk


def test_the_ledger_links_appeals_of_the_school_only(tree, personas):
    appeal = answered(personas.member)
    row = matter(tree.tenant.pk, tree.root, [appeal])
    assert list(
        MatterAppeal.objects.filter(tenant_id=tree.tenant.pk, matter=row).values_list("appeal_id", flat=True)
    ) == [appeal.pk]
    other_member = make_user(MemberFactory(unit=tree.other_unit, name="外校老师"))
    foreign = submit(other_member)
    with pytest.raises(AppealError) as refused:
        matter(tree.tenant.pk, tree.root, [foreign])
    assert refused.value.code == "bad_link"


def test_a_matter_cannot_be_done_in_the_future(tree):
    from chuangxian.appeals.services import MatterData, matter_check
    from chuangxian.core import clock

    data = MatterData(
        title="", description="", unit=tree.root, done_on=clock.today() + timedelta(days=1), beneficiaries=-1
    )
    assert {p.code for p in matter_check(data, tree.tenant.pk)} == {
        "title_required",
        "description_required",
        "future",
        "bad_beneficiaries",
    }


def test_messages_of_the_thread_are_kept_in_order(personas):
    appeal = accepted(personas.member)
    appeal_message(appeal=appeal, text="一", actor=personas.chair)
    appeal_message(appeal=appeal, text="二", actor=personas.member)
    assert list(
        AppealMessage.objects.filter(tenant_id=appeal.tenant_id, appeal=appeal).values_list(
            "text", "from_submitter"
        )
    ) == [
        ("一", False),
        ("二", True),
    ]
