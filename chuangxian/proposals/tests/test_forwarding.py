"""A college congress's proposal forwarded to the school congress, and the answer flowing back."""

from datetime import timedelta

import pytest
from django.urls import reverse

from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.proposals.models import Collection, CoSigner, Proposal, Status
from chuangxian.proposals.services import (
    ProposalError,
    proposal_answer,
    proposal_assign,
    proposal_decide,
    proposal_forward,
)
from chuangxian.proposals.tests.factories import college_congressmen, submitted


@pytest.fixture
def college_world(tree):
    return college_congressmen(tree, tree.library)


def test_the_colleges_committee_forwards_and_the_schools_answer_flows_back(
    client, tree, world, college_world, personas
):
    proposal = submitted(college_world)
    with pytest.raises(Refused):
        proposal_forward(proposal=proposal, session=world.session, actor=college_world.proposer)
    copy = proposal_forward(
        proposal=proposal, session=world.session, note="涉及全校住房政策", actor=personas.chair
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.FORWARDED
    assert (copy.status, copy.forwarded_from, copy.session) == (Status.SUBMITTED, proposal, world.session)
    assert CoSigner.objects.filter(proposal=copy, status="confirmed").count() == 2
    copy = proposal_decide(proposal=copy, decision="accept", actor=SYSTEM)
    copy = proposal_assign(proposal=copy, lead=world.handling_unit, actor=SYSTEM)
    proposal_answer(proposal=copy, category="C", text="学校统筹解决", actor=world.handler)
    client.force_login(college_world.proposer)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).text
    assert "学校统筹解决" in page and "已转报学校教代会" in page
    with pytest.raises(ProposalError) as error:
        proposal_forward(proposal=proposal, session=world.session, actor=personas.chair)
    assert error.value.code == "wrong_status"


def test_only_a_colleges_proposal_to_a_school_session_collecting(world, college_world, personas):
    school = submitted(world)
    with pytest.raises(ProposalError) as error:
        proposal_forward(proposal=school, session=world.session, actor=SYSTEM)
    assert error.value.code == "not_college"
    proposal = submitted(college_world)
    with pytest.raises(ProposalError) as error:
        proposal_forward(proposal=proposal, session=college_world.session, actor=SYSTEM)
    assert error.value.code == "not_school"
    Proposal.objects.filter(pk=proposal.pk)  # unchanged
    Collection.objects.filter(session=world.session).update(
        opens_on=clock.today() - timedelta(days=5), closes_on=clock.today() - timedelta(days=1)
    )
    with pytest.raises(ProposalError) as error:
        proposal_forward(proposal=proposal, session=world.session, actor=SYSTEM)
    assert error.value.code == "window_closed"
