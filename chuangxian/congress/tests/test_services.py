"""The congress's services: who may set up which congress, the representatives on their grant, the
replacement, delegations, check-in and the quorum computed from it, and the poll that opens only
once the session is quorate."""

from datetime import timedelta

import pytest

from chuangxian.audit.models import AuditEntry
from chuangxian.congress.checkin import CODES
from chuangxian.congress.models import Representative
from chuangxian.congress.permissions import is_representative, is_voter
from chuangxian.congress.selectors import congress_composition, congress_voters, session_quorum
from chuangxian.congress.services import (
    CongressData,
    CongressError,
    congress_create,
    delegation_save,
    representative_elect,
    representative_replace,
    session_attendance_set,
    session_checkin,
    session_poll_create,
)
from chuangxian.congress.tests.factories import elect, elect_many, make_congress, make_session
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.core.roles import Role
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.orgs.models import Gender, Post
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.voting.models import ElectorateKind, MajorityBase, PollPurpose, PollStatus
from chuangxian.voting.selectors import electorate_preview
from chuangxian.voting.services import PollData, poll_create, poll_open, question_add
from chuangxian.voting.services.polls import QuestionData

DATA = CongressData(term_number=6, term_starts_on=clock.today())


def test_the_office_sets_up_the_school_congress_and_a_chair_cannot(tree, personas):
    congress = congress_create(unit=tree.root, data=DATA, actor=personas.office)
    assert str(congress) == "校工会第六届教职工代表大会"
    assert congress.term_ends_on == clock.today().replace(year=clock.today().year + 5) - timedelta(days=1)
    assert (congress.quorum_num, congress.quorum_den, congress.majority_num, congress.majority_den) == (
        2,
        3,
        1,
        2,
    )
    for user in (personas.chair, personas.member, personas.other_office):
        with pytest.raises(Refused):
            congress_create(
                unit=tree.root, data=CongressData(term_number=7, term_starts_on=clock.today()), actor=user
            )


def test_a_college_chair_sets_up_the_college_congress_not_the_sibling(tree, personas):
    congress_create(unit=tree.college, data=DATA, actor=personas.chair)
    with pytest.raises(Refused) as refused:
        congress_create(
            unit=tree.college,
            data=CongressData(term_number=7, term_starts_on=clock.today()),
            actor=personas.sibling_chair,
        )
    assert refused.value.code == "not_manager"


def test_a_group_holds_no_congress_and_a_term_is_unique(tree, personas):
    with pytest.raises(CongressError) as error:
        congress_create(unit=tree.group, data=DATA, actor=personas.office)
    assert error.value.code == "bad_unit"
    congress_create(unit=tree.college, data=DATA, actor=personas.office)
    with pytest.raises(CongressError) as error:
        congress_create(unit=tree.college, data=DATA, actor=personas.office)
    assert error.value.code == "duplicate"


def test_every_problem_of_the_rules_at_once(tree, personas):
    bad = CongressData(
        term_number=0, term_starts_on=clock.today(), term_years=4, quorum=(1, 2), majority=(3, 5)
    )
    with pytest.raises(CongressError) as error:
        congress_create(unit=tree.root, data=bad, actor=personas.office)
    message = error.value.message
    assert "届次" in message and "任期" in message and "法定人数应超过" in message and "通过标准" in message


def test_an_elected_representative_holds_the_grant_for_the_term(tree, personas, school_congress):
    rep = representative_elect(
        congress=school_congress,
        member=personas.member_row,
        unit=tree.college,
        elected_on=clock.today(),
        actor=personas.office,
    )
    grant = Grant.objects.get(pk=rep.grant_id)
    assert (grant.kind, grant.member_id, grant.ends_on) == (
        GrantKind.REPRESENTATIVE,
        personas.member_row.pk,
        school_congress.term_ends_on,
    )
    assert holds_grant(personas.member, GrantKind.REPRESENTATIVE, school_congress)
    assert is_representative(personas.member, school_congress) and is_voter(personas.member, school_congress)
    assert not is_voter(personas.chair, school_congress)
    assert AuditEntry.objects.filter(action="congress.representative.elected").count() == 1


def test_a_representative_is_of_the_unit_that_elected_them(tree, personas, school_congress):
    with pytest.raises(CongressError) as error:
        representative_elect(
            congress=school_congress,
            member=personas.member_row,
            unit=tree.sibling,
            elected_on=clock.today(),
            actor=personas.office,
        )
    assert error.value.code == "not_electable"
    elect(school_congress, personas.member_row)
    with pytest.raises(CongressError) as error:
        elect(school_congress, personas.member_row)
    assert error.value.code == "duplicate"


def test_the_college_chair_records_the_college_election_not_the_schools(
    tree, personas, school_congress, college_congress
):
    member = MemberFactory(unit=tree.group)
    representative_elect(
        congress=college_congress,
        member=member,
        unit=tree.group,
        elected_on=clock.today(),
        actor=personas.chair,
    )
    with pytest.raises(Refused):
        representative_elect(
            congress=school_congress,
            member=member,
            unit=tree.college,
            elected_on=clock.today(),
            actor=personas.chair,
        )


def test_an_all_staff_meeting_elects_nobody_and_every_member_votes(tree, personas):
    meeting = make_congress(tree.college, all_staff=True)
    with pytest.raises(CongressError) as error:
        elect(meeting, personas.member_row)
    assert error.value.code == "all_staff"
    assert is_voter(personas.member, meeting) and not is_representative(personas.member, meeting)
    assert set(congress_voters(meeting)) >= {personas.member_row, personas.chair_row}


def test_replacing_ends_one_grant_and_starts_another(tree, personas, school_congress):
    old = elect(school_congress, personas.member_row)
    successor = MemberFactory(unit=tree.group)
    new = representative_replace(
        representative=old,
        successor=successor,
        elected_on=clock.today(),
        reason="调离学校",
        actor=personas.office,
    )
    old.refresh_from_db()
    assert old.ended_on == clock.today() and old.end_reason == "调离学校"
    assert Grant.objects.get(pk=old.grant_id).revoked_at is not None
    assert not holds_grant(personas.member, GrantKind.REPRESENTATIVE, school_congress)
    assert new.replaces_id == old.pk and new.unit_id == old.unit_id and new.member_id == successor.pk
    assert list(congress_voters(school_congress)) == [successor]
    assert AuditEntry.objects.filter(action="congress.representative.replaced").count() == 1
    with pytest.raises(CongressError) as error:
        representative_replace(
            representative=old,
            successor=MemberFactory(unit=tree.group),
            elected_on=clock.today(),
            reason="再次",
            actor=personas.office,
        )
    assert error.value.code == "already_ended"


def test_a_delegations_head_is_one_of_its_representatives(tree, personas, school_congress):
    with pytest.raises(CongressError) as error:
        delegation_save(
            congress=school_congress, unit=tree.college, head=personas.member_row, actor=personas.office
        )
    assert error.value.code == "head_not_representative"
    delegation = delegation_save(
        congress=school_congress, unit=tree.college, head=None, actor=personas.office
    )
    rep = elect(school_congress, personas.member_row, unit=tree.college)
    assert rep.delegation_id == delegation.pk  # the unit's delegation by default
    delegation = delegation_save(
        congress=school_congress, unit=tree.college, head=personas.member_row, actor=personas.office
    )
    assert delegation.name == "文学与传播学院代表团" and delegation.head_id == personas.member_row.pk


def test_the_composition_counts_the_live_representatives(tree, school_congress):
    elect_many(school_congress, tree.college, 3, post=Post.TEACHER, gender=Gender.FEMALE)
    elect_many(school_congress, tree.sibling, 2, post=Post.ADMIN, gender=Gender.MALE)
    composition = congress_composition(school_congress)
    assert (composition.reps.total, composition.reps.teachers, composition.reps.women) == (5, 3, 3)
    assert {c.code: c.ok for c in composition.checks}["teachers"]  # 3/5 = 60%


def _quorum_session(tree, n: int = 30):  # type: ignore[no-untyped-def]
    congress = make_congress(tree.root)
    reps = elect_many(congress, tree.college, n)
    return make_session(congress), reps


def test_the_quorum_is_two_thirds_of_all_representatives_checked_in(tree):
    session, reps = _quorum_session(tree)
    session_attendance_set(session=session, member_ids=[r.member_id for r in reps[:19]], actor=SYSTEM)
    quorum = session_quorum(session)
    assert (quorum.total, quorum.present, quorum.needed, quorum.quorate) == (30, 19, 20, False)
    session_attendance_set(session=session, member_ids=[r.member_id for r in reps[:20]], actor=SYSTEM)
    assert session_quorum(session).quorate


def test_a_replaced_representative_checked_in_no_longer_counts(tree, personas):
    session, reps = _quorum_session(tree, 3)
    session_attendance_set(session=session, member_ids=[r.member_id for r in reps], actor=SYSTEM)
    representative_replace(
        representative=reps[0],
        successor=MemberFactory(unit=tree.college),
        elected_on=clock.today(),
        reason="退休",
        actor=SYSTEM,
    )
    quorum = session_quorum(session)
    assert (quorum.total, quorum.present) == (3, 2)


def test_a_representative_checks_in_by_the_code_and_others_are_refused(tree, personas):
    congress = make_congress(tree.root)
    elect(congress, personas.member_row)
    session = make_session(congress)
    code = CODES.make(session.pk).token
    result = session_checkin(session_id=session.pk, code=code, actor=personas.member)
    assert not result.already
    assert session_checkin(session_id=session.pk, code=code, actor=personas.member).already
    with pytest.raises(Refused) as refused:
        session_checkin(session_id=session.pk, code=code, actor=personas.chair)
    assert refused.value.code == "not_voter"
    with pytest.raises(Refused) as refused:
        session_checkin(session_id=session.pk, code=code, actor=personas.other_office)
    assert refused.value.code == "not_found"


def test_the_office_cannot_tick_a_non_representative(tree, personas):
    session, _reps = _quorum_session(tree, 2)
    with pytest.raises(CongressError) as error:
        session_attendance_set(session=session, member_ids=[personas.member_row.pk], actor=personas.office)
    assert error.value.code == "not_voter"


def _resolution(session, actor):  # type: ignore[no-untyped-def]
    return session_poll_create(
        session=session,
        title="关于《教职工年度考核办法》的决议",
        purpose=PollPurpose.RESOLUTION,
        closes_at=session.ends_at,
        question="同意《教职工年度考核办法（修订稿）》",
        actor=actor,
    )


def test_a_resolution_poll_opens_only_once_the_session_is_quorate(tree, personas):
    session, reps = _quorum_session(tree)
    poll = _resolution(session, personas.office)
    assert (poll.electorate_kind, poll.secret, poll.sealed, poll.majority_base) == (
        ElectorateKind.REPRESENTATIVES,
        True,
        True,
        MajorityBase.ELECTORATE_HALF,
    )
    assert electorate_preview(poll).size == 30
    session_attendance_set(session=session, member_ids=[r.member_id for r in reps[:19]], actor=SYSTEM)
    with pytest.raises(CongressError) as error:
        poll_open(poll=poll, expected_size=30, actor=personas.office)
    assert error.value.code == "no_quorum"
    assert "本届代表 30 人，需至少 20 人（2/3）签到，现已签到 19 人" in error.value.message
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT
    session_attendance_set(session=session, member_ids=[r.member_id for r in reps[:20]], actor=SYSTEM)
    poll_open(poll=poll, expected_size=30, actor=personas.office)
    poll.refresh_from_db()
    assert poll.electorate_size == 30 and poll.status in (PollStatus.OPEN, PollStatus.SCHEDULED)


def test_an_election_poll_carries_the_candidates_and_the_two_thirds_majority(tree, personas):
    congress = make_congress(tree.root, majority=(2, 3))
    elect_many(congress, tree.college, 3)
    session = make_session(congress)
    poll = session_poll_create(
        session=session,
        title="增补工会委员选举",
        purpose=PollPurpose.ELECTION,
        closes_at=session.ends_at,
        question="工会委员（应选 1 名）",
        candidates=("张老师", "李老师"),
        actor=personas.office,
    )
    assert poll.majority_base == MajorityBase.ELECTORATE_TWO_THIRDS
    assert list(poll.questions.filter(tenant_id=poll.tenant_id).values_list("method", flat=True)) == [
        "approval"
    ]


def test_a_poll_of_no_session_keeps_the_representatives_role(tree, personas):
    congress = make_congress(tree.root)
    elect_many(congress, tree.college, 2)
    holder = MemberFactory(unit=tree.college)
    role_grant(member=holder, unit=tree.college, role=Role.REPRESENTATIVE, actor=SYSTEM)
    start = clock.now() + timedelta(minutes=5)
    poll = poll_create(
        unit=tree.college,
        data=PollData(
            title="代表意见征询",
            purpose=PollPurpose.OTHER,
            opens_at=start,
            closes_at=start + timedelta(hours=1),
            electorate_kind=ElectorateKind.REPRESENTATIVES,
        ),
        actor=personas.office,
    )
    question_add(poll=poll, data=QuestionData(text="同意", method="yes_no"), actor=personas.office)
    assert electorate_preview(poll).size == 1
    poll_open(poll=poll, expected_size=1, actor=personas.office)  # no quorum asked of a poll of no session


def test_a_poll_of_the_congress_unit_freezes_the_representatives_of_its_current_term(tree, personas):
    congress = make_congress(tree.root)
    elect_many(congress, tree.college, 2)
    holder = MemberFactory(unit=tree.college)
    role_grant(member=holder, unit=tree.root, role=Role.REPRESENTATIVE, actor=SYSTEM)
    start = clock.now() + timedelta(minutes=5)
    poll = poll_create(
        unit=tree.root,
        data=PollData(
            title="代表意见征询",
            purpose=PollPurpose.OTHER,
            opens_at=start,
            closes_at=start + timedelta(hours=1),
            electorate_kind=ElectorateKind.REPRESENTATIVES,
        ),
        actor=personas.office,
    )
    assert electorate_preview(poll).size == 2  # the grants of the term, not the role


def test_a_chair_creates_no_poll_in_the_school_congress(tree, personas):
    session, _reps = _quorum_session(tree, 2)
    with pytest.raises(Refused):
        _resolution(session, personas.chair)
    assert not Representative.objects.filter(
        tenant_id=tree.tenant.pk, member__user=make_user(None, username="x")
    ).exists()
