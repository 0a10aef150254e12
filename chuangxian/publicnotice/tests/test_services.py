"""The public notice's services: publishing on working days, real-name objections, answers that
remove an entry and withdraw the round, and a result that becomes final only after the period with
no objection open."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import DomainError, Refused
from chuangxian.documents.models import NoticeStatus
from chuangxian.grants.models import GrantKind
from chuangxian.grants.services import grant_create
from chuangxian.notifications.models import Notification
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.publicnotice.models import NoticeItem, ObjectionStatus, PublicNotice
from chuangxian.publicnotice.services import (
    REAL_NAME_RULE,
    NoticeError,
    OfficialNotice,
    notice_finalise,
    notice_publish,
    objection_answer,
    objection_file,
)
from chuangxian.publicnotice.tests.factories import CONTACT, object_to
from chuangxian.selections.models import EntryStatus, SelectionStatus, Stage
from chuangxian.selections.services import selection_advance
from chuangxian.workdays.calendar import working_day_end

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> "time_machine.travel":
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def publish(selection, start: date, **kwargs):  # type: ignore[no-untyped-def]
    """Published on its start day (a notice cannot start in the past)."""
    with at(start):
        return notice_publish(selection=selection, starts_on=start, contact=CONTACT, actor=SYSTEM, **kwargs)


# --- publishing ---------------------------------------------------------------------------------------


def test_publish_lists_the_entries_in_the_running_and_ends_on_the_fifth_working_day(selection, personas):
    # 2025-09-30 (Tue) is the day before 国庆 2025 (10-01..10-08 off, 09-28 Sun and 10-11 Sat worked):
    # day 1 is 09-30, then 10-09, 10-10, 10-11 (make-up Saturday) and 10-13.
    with at(date(2025, 9, 30)):
        notice = notice_publish(
            selection=selection,
            starts_on=date(2025, 9, 30),
            contact=CONTACT,
            achievements={
                selection.entries.filter(tenant_id=selection.tenant_id).first().pk: "带领团队获省级奖"
            },
            actor=personas.office,
        )
    assert notice.ends_on == date(2025, 10, 13)
    assert notice.ends_on == working_day_end(date(2025, 9, 30), 5, tenant_id=selection.tenant_id)
    items = list(NoticeItem.objects.filter(tenant_id=notice.tenant_id, notice=notice))
    assert [i.name for i in items] == ["林老师", "郑老师", "吴老师"]
    assert items[0].achievements == "带领团队获省级奖"
    assert items[1].achievements == "郑老师爱岗敬业"  # prefilled from the entry
    assert items[2].unit_name == "数学与计算机科学学院"
    assert notice.round_no == 1 and notice.working_days == 5
    assert AuditEntry.objects.filter(action="publicnotice.notice.published").count() == 1


def test_publish_refused_before_the_notice_stage(tree, candidates):
    from chuangxian.campaigns.tests.factories import make_campaign
    from chuangxian.publicnotice.tests.factories import NOTICE_STAGES
    from chuangxian.selections.tests.factories import make_selection, make_type

    selection = make_selection(make_campaign(tree.tenant), make_type(tree.tenant, stages=NOTICE_STAGES))
    with pytest.raises(NoticeError) as error:
        publish(selection, date(2026, 12, 1))
    assert error.value.code == "wrong_stage"


def test_publish_twice_refused_while_the_round_stands(selection):
    publish(selection, date(2026, 12, 1))
    with pytest.raises(NoticeError) as error:
        publish(selection, date(2026, 12, 2))
    assert error.value.code == "already_published"


def test_publish_refuses_empty_achievements_and_a_missing_contact(selection):
    entry = selection.entries.filter(tenant_id=selection.tenant_id).first()
    with pytest.raises(NoticeError) as error:
        publish(selection, date(2026, 12, 1), achievements={entry.pk: "  "})
    assert error.value.code == "achievements_required" and "林老师" in error.value.message
    with pytest.raises(NoticeError) as error, at(date(2026, 12, 1)):
        notice_publish(selection=selection, starts_on=date(2026, 12, 1), contact=" ", actor=SYSTEM)
    assert error.value.code == "contact_required"
    with pytest.raises(NoticeError) as error:
        publish(selection, date(2026, 12, 1), working_days=0)
    assert error.value.code == "bad_days"
    with pytest.raises(NoticeError) as error:
        publish(selection, date(2026, 12, 1), working_days=4)
    assert error.value.code == "bad_days" and "不少于 5 个工作日" in error.value.message


def test_publish_as_a_numbered_official_notice(selection, personas):
    with at(date(2026, 12, 1)):
        notice = notice_publish(
            selection=selection,
            starts_on=date(2026, 12, 1),
            contact=CONTACT,
            official=OfficialNotice(prefix="泉师院工", issuing_office="泉州示范师范学院工会"),
            actor=personas.office,
        )
    official = notice.official_notice
    assert official is not None and official.status == NoticeStatus.ISSUED
    assert official.document_number == "泉师院工〔2026〕1号"
    assert "林老师（文学与传播学院）" in official.body and str(REAL_NAME_RULE) in official.body
    assert "2026年12月1日至2026年12月7日（5个工作日）" in official.body


def test_a_refused_official_notice_publishes_nothing(selection, personas):
    with pytest.raises(DomainError):
        notice_publish(
            selection=selection,
            starts_on=date(2026, 12, 1),
            contact=CONTACT,
            official=OfficialNotice(prefix="泉师院〔2026〕", issuing_office="校工会"),
            actor=personas.office,
        )
    assert not PublicNotice.objects.filter(tenant_id=selection.tenant_id).exists()


def test_a_chair_may_not_publish(selection, personas):
    with pytest.raises(Refused):
        notice_publish(
            selection=selection, starts_on=date(2026, 12, 1), contact=CONTACT, actor=personas.chair
        )


# --- objections ------------------------------------------------------------------------------------


@pytest.fixture
def running(selection):
    with at(date(2026, 12, 1)):
        yield publish(selection, date(2026, 12, 1))  # ends 2026-12-07 (Mon)


def test_anonymous_objection_refused(running, personas):
    with at(date(2026, 12, 2)):
        for name, contact in (("", "13800000000"), ("王某某", " "), ("", "")):
            with pytest.raises(NoticeError) as error:
                objection_file(
                    notice=running, real_name=name, contact=contact, text="不符", actor=personas.member
                )
            assert error.value.code == "anonymous"
            assert error.value.message == "公示期间的异议须署真实姓名和联系方式，匿名异议不予受理。"
        own = personas.member_row.name
        with pytest.raises(NoticeError) as error:
            objection_file(notice=running, real_name=own, contact="找我", text="不符", actor=personas.member)
        assert error.value.code == "bad_contact"
        for other in ("王某某", "匿名"):  # a pseudonym, or someone else's name, is no real name
            with pytest.raises(NoticeError) as error:
                objection_file(
                    notice=running, real_name=other, contact="13800000000", text="不符", actor=personas.member
                )
            assert error.value.code == "not_own_name" and own in error.value.message
    assert not running.objections.filter(tenant_id=running.tenant_id).exists()


def test_objection_goes_to_the_office_and_the_discipline_grant(running, personas, tree):
    inspector = MemberFactory(unit=tree.root, name="纪检委员")
    grant_create(
        kind=GrantKind.DISCIPLINE,
        target=running.selection,
        member=inspector,
        starts_on=date(2026, 1, 1),
        actor=personas.office,
    )
    with at(
        date(
            2026,
            12,
            7,
        ),
        hour=23,
    ):  # the last day of the period still counts
        objection = object_to(running, personas.member)
    told = set(
        Notification.objects.filter(tenant_id=running.tenant_id, kind="publicnotice.objection").values_list(
            "recipient__name", flat=True
        )
    )
    assert told == {"工会干事", "纪检委员"}
    assert objection.objector == personas.member_row and objection.status == ObjectionStatus.OPEN


def test_objection_refused_after_the_period(running, personas):
    with at(date(2026, 12, 8)), pytest.raises(NoticeError) as error:
        object_to(running, personas.member)
    assert error.value.code == "period_ended" and "2026-12-07" in error.value.message


def test_the_platform_admin_and_the_system_cannot_object(running, personas):
    with at(date(2026, 12, 2)):
        for actor in (personas.admin, SYSTEM, personas.other_office):
            with pytest.raises(Refused):
                object_to(running, actor)


def test_objection_on_another_notices_item_refused(running, personas, tree):
    other = MemberFactory(unit=tree.college)
    from chuangxian.publicnotice.tests.factories import selection_at_notice

    second = publish(
        selection_at_notice(tree.tenant, [(tree.college, other)], title="另一评选"), date(2026, 12, 1)
    )
    item = NoticeItem.objects.get(tenant_id=second.tenant_id, notice=second)
    with at(date(2026, 12, 2)), pytest.raises(NoticeError) as error:
        object_to(running, personas.member, item=item)
    assert error.value.code == "bad_item"


# --- answers ---------------------------------------------------------------------------------------


def _item(notice, name):  # type: ignore[no-untyped-def]
    return NoticeItem.objects.get(tenant_id=notice.tenant_id, notice=notice, name=name)


def test_rejected_objection_is_answered_in_writing_and_the_objector_told(running, personas):
    with at(date(2026, 12, 2)):
        objection = object_to(running, personas.member, item=_item(running, "林老师"))
        objection_answer(
            objection=objection, substantiated=False, answer="经核实，事迹属实。", actor=personas.office
        )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.REJECTED and objection.answer == "经核实，事迹属实。"
    assert Notification.objects.filter(
        tenant_id=running.tenant_id, kind="publicnotice.answered", recipient=personas.member_row
    ).exists()
    running.refresh_from_db()
    assert running.is_current


def test_substantiated_objection_removes_the_entry_and_republishes(running, personas, selection):
    with at(date(2026, 12, 2)):
        objection = object_to(running, personas.member, item=_item(running, "郑老师"))
        other = object_to(running, personas.chair, text="另一条")
        objection_answer(
            objection=objection, substantiated=True, answer="经核实，存在处分记录。", actor=personas.office
        )
    entry = _item(running, "郑老师").entry
    assert entry.status == EntryStatus.REMOVED and "存在处分记录" in entry.removed_reason
    assert AuditEntry.objects.filter(action="publicnotice.entry.removed", target_id=str(entry.pk)).exists()
    running.refresh_from_db()
    assert not running.is_current and "郑老师" in running.withdrawn_reason
    with at(date(2026, 12, 3)), pytest.raises(NoticeError) as error:
        object_to(running, personas.member)  # the withdrawn round takes no more objections
    assert error.value.code == "withdrawn"
    # The office publishes again, for a new period; the old round stays with its items.
    with at(date(2026, 12, 4)):
        second = publish(selection, date(2026, 12, 4))
    assert second.round_no == 2 and second.ends_on == date(2026, 12, 10)
    assert [i.name for i in second.items.filter(tenant_id=second.tenant_id)] == ["林老师", "吴老师"]
    assert running.items.filter(tenant_id=running.tenant_id).count() == 3
    # The other objection of round 1 is still open and still blocks the result.
    with at(date(2026, 12, 11)), pytest.raises(NoticeError) as error:
        notice_finalise(selection=selection, actor=personas.office)
    assert error.value.code == "objections_open" and error.value.message == "尚有 1 条异议未处理完毕"
    with at(date(2026, 12, 11)):
        objection_answer(objection=other, substantiated=False, answer="不属实。", actor=personas.office)
        notice_finalise(selection=selection, actor=personas.office)
    selection.refresh_from_db()
    assert selection.stage == Stage.FINAL and selection.status == SelectionStatus.FINISHED


def test_substantiated_objection_without_an_entry_needs_one_named(running, personas):
    with at(date(2026, 12, 2)):
        objection = object_to(running, personas.member)
        with pytest.raises(NoticeError) as error:
            objection_answer(objection=objection, substantiated=True, answer="成立", actor=personas.office)
        assert error.value.code == "item_required"
        objection_answer(
            objection=objection,
            substantiated=True,
            answer="成立",
            item=_item(running, "吴老师"),
            actor=personas.office,
        )
    assert _item(running, "吴老师").entry.status == EntryStatus.REMOVED


def test_an_objection_is_answered_once(running, personas):
    with at(date(2026, 12, 2)):
        objection = object_to(running, personas.member)
        objection_answer(objection=objection, substantiated=False, answer="不属实", actor=personas.office)
        with pytest.raises(NoticeError) as error:
            objection_answer(objection=objection, substantiated=False, answer="再答", actor=personas.office)
    assert error.value.code == "answered"


def test_the_discipline_grant_may_answer_a_chair_may_not(running, personas, tree):
    inspector = MemberFactory(unit=tree.root, name="纪检委员")
    grant_create(
        kind=GrantKind.DISCIPLINE,
        target=running.selection,
        member=inspector,
        starts_on=date(2026, 1, 1),
        actor=personas.office,
    )
    user = make_user(inspector)
    with at(date(2026, 12, 2)):
        objection = object_to(running, personas.member)
        with pytest.raises(Refused):
            objection_answer(objection=objection, substantiated=False, answer="不属实", actor=personas.chair)
        objection_answer(objection=objection, substantiated=False, answer="不属实", actor=user)
    objection.refresh_from_db()
    assert objection.answered_by == user


# --- finalising ------------------------------------------------------------------------------------


def test_early_finalisation_refused(running, personas, selection):
    with at(date(2026, 12, 7)), pytest.raises(NoticeError) as error:
        notice_finalise(selection=selection, actor=personas.office)
    assert error.value.code == "period_running"
    assert error.value.message == "公示期至 2026-12-07 结束，尚未期满"


def test_open_objection_blocks_finalisation(running, personas, selection):
    with at(date(2026, 12, 3)):
        object_to(running, personas.member)
        object_to(running, personas.chair)
    with at(date(2026, 12, 8)), pytest.raises(NoticeError) as error:
        notice_finalise(selection=selection, actor=personas.office)
    assert error.value.message == "尚有 2 条异议未处理完毕"
    selection.refresh_from_db()
    assert selection.stage == Stage.NOTICE


def test_finalise_moves_the_selection_to_its_final_stage(running, personas, selection):
    with at(date(2026, 12, 8)):
        notice_finalise(selection=selection, actor=personas.office)
    selection.refresh_from_db()
    running.refresh_from_db()
    assert selection.stage == Stage.FINAL and running.finalised_at is not None
    assert AuditEntry.objects.filter(action="selections.selection.advanced").exists()


def test_finalise_refused_while_withdrawn(running, personas, selection):
    with at(date(2026, 12, 2)):
        objection = object_to(running, personas.member, item=_item(running, "林老师"))
        objection_answer(objection=objection, substantiated=True, answer="成立", actor=personas.office)
    with at(date(2026, 12, 9)), pytest.raises(NoticeError) as error:
        notice_finalise(selection=selection, actor=personas.office)
    assert error.value.code == "republish_needed"


def test_selection_advance_alone_cannot_end_the_notice(selection):
    """notice_finalise goes through selection_advance; the selections app asks the notice first
    (exit_check.notice_confirmed), so advancing directly is refused, even for the system."""
    with pytest.raises(DomainError) as refused:
        selection_advance(selection=selection, from_stage=Stage.NOTICE, actor=SYSTEM)
    assert refused.value.code == "use_finalise"
    selection.refresh_from_db()
    assert selection.stage == Stage.NOTICE


def test_a_late_substantiated_answer_on_an_old_round_withdraws_the_standing_round(
    running, personas, selection
):
    with at(date(2026, 12, 2)):
        first = object_to(running, personas.member, item=_item(running, "郑老师"))
        late = object_to(running, personas.chair, item=_item(running, "林老师"))
        objection_answer(objection=first, substantiated=True, answer="成立", actor=personas.office)
    with at(date(2026, 12, 4)):
        second = publish(selection, date(2026, 12, 4))
        objection_answer(objection=late, substantiated=True, answer="也成立", actor=personas.office)
    second.refresh_from_db()
    assert not second.is_current and "林老师" in second.withdrawn_reason
    with at(date(2026, 12, 7)):
        third = publish(selection, date(2026, 12, 7))
    assert [i.name for i in third.items.filter(tenant_id=third.tenant_id)] == ["吴老师"]


# --- the review's findings: a notice dated in the past; entries that never went through it ---------


def test_a_notice_cannot_start_in_the_past(selection):
    with at(date(2026, 12, 2)):
        with pytest.raises(NoticeError) as error:
            notice_publish(selection=selection, starts_on=date(2026, 12, 1), contact=CONTACT, actor=SYSTEM)
        assert error.value.code == "past_start" and "2026-12-02" in error.value.message
        assert not PublicNotice.objects.filter(tenant_id=selection.tenant_id).exists()
        assert publish(selection, date(2026, 12, 2)).starts_on == date(2026, 12, 2)


def test_an_entry_nominated_after_the_notice_must_go_through_a_new_round(selection, tree, personas):
    from chuangxian.selections.services import selection_stage_set
    from chuangxian.selections.tests.factories import nominate

    with at(date(2026, 12, 1)):
        first = publish(selection, date(2026, 12, 1))
        selection_stage_set(selection=selection, stage=Stage.NOMINATION, reason="补报", actor=SYSTEM)
        late = MemberFactory(unit=tree.college, name="补报老师")
        nominate(selection, tree.college, late, actor=SYSTEM, summary="补报事迹")
        selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    with at(date(2026, 12, 8)):  # the first round's period is over, nothing is open
        with pytest.raises(NoticeError) as error:
            notice_finalise(selection=selection, actor=personas.office)
        assert error.value.code == "republish_needed" and "补报老师" in error.value.message
        second = publish(selection, date(2026, 12, 8))  # allowed: the standing round misses an entry
    first.refresh_from_db()
    assert not first.is_current and "补报老师" in first.withdrawn_reason
    names = NoticeItem.objects.filter(tenant_id=second.tenant_id, notice=second).values_list(
        "name", flat=True
    )
    assert "补报老师" in set(names)
    with at(date(2026, 12, 15)):
        notice_finalise(selection=selection, actor=personas.office)
    selection.refresh_from_db()
    assert selection.stage == Stage.FINAL
