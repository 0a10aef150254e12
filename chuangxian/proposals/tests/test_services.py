"""Proposals from the draft to the proposer's satisfaction: each transition, the forbidden ones, the
numbering, the statistics."""

from datetime import timedelta

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.proposals.models import CoSigner, Proposal, Status
from chuangxian.proposals.selectors import session_stats
from chuangxian.proposals.services import (
    ProposalData,
    ProposalError,
    cohandler_note,
    cosign_answer,
    cosigners_invite,
    proposal_answer,
    proposal_assign,
    proposal_create,
    proposal_decide,
    proposal_rate,
    proposal_submit,
    proposal_update,
    proposals_remind_overdue,
)
from chuangxian.proposals.tests.factories import (
    DATA,
    accepted,
    answered,
    assigned,
    cosigned,
    drafted,
    member_of,
    submitted,
)


def test_a_non_representative_can_neither_propose_nor_co_sign(world):
    with pytest.raises(Refused) as refused:
        proposal_create(session=world.session, data=DATA, actor=world.outsider)
    assert refused.value.code == "not_representative"
    proposal = drafted(world)
    with pytest.raises(ProposalError) as error:
        cosigners_invite(proposal=proposal, members=[member_of(world.outsider)], actor=world.proposer)
    assert error.value.code == "invalid" and "普通会员" in error.value.message
    with pytest.raises(ProposalError) as error:
        cosigners_invite(proposal=proposal, members=[member_of(world.proposer)], actor=world.proposer)
    assert error.value.code == "invalid" and "自己" in error.value.message


def test_a_draft_reports_every_missing_part_at_once(world):
    with pytest.raises(ProposalError) as error:
        proposal_create(
            session=world.session, data=ProposalData(" ", "", "建议", "nope"), actor=world.proposer
        )
    assert "案由" in error.value.message and "理由" in error.value.message and "类别" in error.value.message
    assert not Proposal.objects.exists()


def test_submission_needs_enough_confirmed_co_signers_and_locks_the_text(world):
    proposal = drafted(world)
    cosigners_invite(proposal=proposal, members=[member_of(u) for u in world.cosigners], actor=world.proposer)
    cosign_answer(proposal=proposal, confirm=True, actor=world.cosigners[0])
    cosign_answer(proposal=proposal, confirm=False, actor=world.cosigners[1])
    with pytest.raises(ProposalError) as error:
        proposal_submit(proposal=proposal, actor=world.proposer)
    assert (
        error.value.code == "cosigners_short"
        and "至少 2 名" in error.value.message
        and "已确认 1 名" in error.value.message
    )
    cosign_answer(proposal=proposal, confirm=True, actor=world.cosigners[1])
    with pytest.raises(Refused):
        proposal_submit(proposal=proposal, actor=world.cosigners[0])
    proposal = proposal_submit(proposal=proposal, actor=world.proposer)
    assert proposal.status == Status.SUBMITTED
    with pytest.raises(ProposalError) as error:
        proposal_update(proposal=proposal, data=DATA, actor=world.proposer)
    assert error.value.code == "wrong_status"
    with pytest.raises(ProposalError):
        cosign_answer(proposal=proposal, confirm=False, actor=world.cosigners[0])
    assert CoSigner.objects.filter(proposal=proposal, status="confirmed").count() == 2


def test_submission_only_inside_the_collection_window(world):
    proposal = cosigned(world)
    with time_machine.travel(clock.now() + timedelta(days=25)), pytest.raises(ProposalError) as error:
        proposal_submit(proposal=proposal, actor=world.proposer)
    assert error.value.code == "window_closed"


def test_accepted_proposals_are_numbered_in_order_and_a_number_is_never_reused(world):
    first = accepted(world)
    rejected = proposal_decide(
        proposal=submitted(world), decision="reject", note="不属于教代会职权范围", actor=SYSTEM
    )
    second = accepted(world)
    assert (first.number, rejected.number, second.number) == (1, None, 2)
    with pytest.raises(ProposalError) as error:
        proposal_decide(proposal=submitted(world), decision="convert", note="", actor=SYSTEM)
    assert error.value.code == "note_required"
    with pytest.raises(ProposalError) as error:
        proposal_decide(proposal=first, decision="accept", actor=SYSTEM)
    assert error.value.code == "wrong_status"


def test_merge_keeps_the_proposer_and_needs_an_accepted_target(world):
    target = accepted(world)
    other = submitted(world)
    with pytest.raises(ProposalError) as error:
        proposal_decide(proposal=other, decision="merge", merge_into=other, actor=SYSTEM)
    assert error.value.code == "bad_target"
    merged = proposal_decide(proposal=other, decision="merge", merge_into=target, actor=SYSTEM)
    assert (
        merged.status == Status.MERGED
        and merged.merged_into == target
        and merged.proposer_id == target.proposer_id
    )


def test_only_the_committee_decides_and_assigns(world):
    proposal = submitted(world)
    for actor in (world.proposer, world.handler, world.outsider):
        with pytest.raises(Refused):
            proposal_decide(proposal=proposal, decision="accept", actor=actor)
    proposal = proposal_decide(proposal=proposal, decision="accept", actor=SYSTEM)
    with pytest.raises(Refused):
        proposal_assign(proposal=proposal, lead=world.handling_unit, actor=world.handler)


def test_the_lead_office_answers_co_handlers_contribute_and_the_proposer_rates(tree, world):
    proposal = accepted(world)
    proposal = proposal_assign(
        proposal=proposal, lead=world.handling_unit, cohandlers=[tree.sibling], actor=SYSTEM
    )
    assert proposal.deadline == clock.today() + timedelta(days=60)
    with pytest.raises(Refused):
        proposal_answer(proposal=proposal, category="A", text="x", actor=world.proposer)
    with pytest.raises(Refused):
        cohandler_note(proposal=proposal, unit=tree.sibling, note="同意", actor=world.handler)
    cohandler_note(proposal=proposal, unit=tree.sibling, note="配合测算补贴标准", actor=SYSTEM)
    with pytest.raises(ProposalError) as error:
        proposal_answer(proposal=proposal, category="A", text=" ", actor=world.handler)
    assert "办理情况" in error.value.message and "计划完成日期" in error.value.message
    proposal_answer(proposal=proposal, category="C", text="受编制所限，暂无法解决", actor=world.handler)
    proposal.refresh_from_db()
    assert proposal.status == Status.ANSWERED
    with pytest.raises(Refused):
        proposal_rate(proposal=proposal, value="satisfied", actor=world.outsider)
    with pytest.raises(ProposalError) as error:
        proposal_rate(proposal=proposal, value="unsatisfied", actor=world.proposer)
    assert error.value.code == "note_required"
    proposal_rate(proposal=proposal, value="satisfied", actor=world.cosigners[0])
    proposal.refresh_from_db()
    assert proposal.status == Status.ANSWERED  # a co-signer's rating does not decide
    proposal_rate(proposal=proposal, value="unsatisfied", note="未回应补贴问题", actor=world.proposer)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.round) == (Status.ASSIGNED, 2)
    with pytest.raises(ProposalError) as error:
        proposal_rate(proposal=proposal, value="satisfied", actor=world.proposer)
    assert error.value.code == "wrong_status"
    proposal_answer(
        proposal=proposal,
        category="B",
        text="明年起提高补贴",
        done_by=clock.today() + timedelta(days=100),
        actor=world.handler,
    )
    proposal.refresh_from_db()
    proposal_rate(proposal=proposal, value="satisfied", actor=world.proposer)
    proposal.refresh_from_db()
    assert proposal.status == Status.CLOSED
    proposal_rate(proposal=proposal, value="basic", actor=world.cosigners[0])  # co-signers may rate it closed
    with pytest.raises(ProposalError) as error:
        proposal_rate(proposal=proposal, value="satisfied", actor=world.cosigners[0])
    assert error.value.code == "already_rated"
    assert AuditEntry.objects.filter(action="proposals.proposal.rated").count() == 4


def test_a_second_unsatisfied_rating_closes_the_proposal(world):
    proposal = answered(world)
    proposal_rate(proposal=proposal, value="unsatisfied", note="不满意", actor=world.proposer)
    proposal_answer(proposal=proposal, category="C", text="再次说明", actor=world.handler)
    proposal_rate(proposal=proposal, value="unsatisfied", note="仍不满意", actor=world.proposer)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.round) == (Status.CLOSED, 2)


def test_the_statistics_follow_the_proposals(world):
    answered_one = answered(world)
    assigned(world)
    proposal_decide(proposal=submitted(world), decision="reject", note="不予立案", actor=SYSTEM)
    drafted(world)
    stats = session_stats(world.session)
    assert (stats.received, stats.accepted, stats.rejected) == (3, 2, 1)
    assert dict(stats.category_rows())["后勤保障"] == 2
    assert (stats.answered, stats.on_time, stats.on_time_rate) == (1, 1, "100.0%")
    assert stats.satisfaction_rate == "—"
    proposal_rate(proposal=answered_one, value="basic", actor=world.proposer)
    proposal_rate(proposal=answered_one, value="unsatisfied", note="x", actor=world.cosigners[0])
    proposal_rate(proposal=answered_one, value="satisfied", actor=world.cosigners[1])
    assert session_stats(world.session).satisfaction_rate == "66.7%"


def test_overdue_proposals_are_reminded_by_the_committee(world):
    proposal = assigned(world)
    Proposal.objects.filter(pk=proposal.pk).update(deadline=clock.today() - timedelta(days=1))
    with pytest.raises(Refused):
        proposals_remind_overdue(session=world.session, actor=world.handler)
    assert proposals_remind_overdue(session=world.session, actor=SYSTEM) == 1
    assert session_stats(world.session).overdue == 1


def test_an_overdue_unanswered_proposal_lowers_the_on_time_rate(world):
    answered(world)
    late = assigned(world)
    Proposal.objects.filter(pk=late.pk).update(deadline=clock.today() - timedelta(days=1))
    assert session_stats(world.session).on_time_rate == "50.0%"


def test_a_college_proposal_is_assigned_within_the_college_only(tree):
    from chuangxian.proposals.tests.factories import college_congressmen

    college = college_congressmen(tree, tree.group)
    today = clock.today()
    proposal = accepted(college)
    with pytest.raises(ProposalError) as error:
        proposal_assign(
            proposal=proposal, lead=tree.library, cohandlers=[tree.library], deadline=today, actor=SYSTEM
        )
    assert "转报学校教代会" in error.value.message and "主办单位不能同时是协办单位" in error.value.message
    assert "答复期限应在今天之后" in error.value.message
    assert proposal_assign(proposal=proposal, lead=tree.group, actor=SYSTEM).status == Status.ASSIGNED


def test_a_representative_replaced_before_submission_no_longer_counts(world):
    from chuangxian.congress.models import Representative
    from chuangxian.congress.services import representative_replace
    from chuangxian.orgs.tests.factories import MemberFactory

    proposal = cosigned(world)
    gone = Representative.objects.get(member=member_of(world.cosigners[0]), ended_on__isnull=True)
    representative_replace(
        representative=gone,
        successor=MemberFactory(unit=gone.unit),
        elected_on=clock.today(),
        reason="调离",
        actor=SYSTEM,
    )
    with pytest.raises(ProposalError) as error:
        proposal_submit(proposal=proposal, actor=world.proposer)
    assert error.value.code == "cosigners_short" and "已不是本届代表" in error.value.message


def test_the_clock_reminds_an_overdue_proposals_office_once_a_day(world):
    from chuangxian.notifications.models import Notification
    from chuangxian.proposals.clock import proposals_remind_due

    proposal = assigned(world)
    assert proposals_remind_due() == 0
    Proposal.objects.filter(pk=proposal.pk).update(deadline=clock.today() - timedelta(days=1))
    assert proposals_remind_due() == 1
    proposals_remind_due()
    told = Notification.objects.filter(title__startswith="提案已超过答复期限")
    assert told.count() == 1 and told.get().recipient_id == member_of(world.handler).pk
