"""The pledges' write services on the permission table (tests/service_permissions).

Every pledge is written by 普通会员 (``personas.member_row``, 中文系工会小组 under 文学与传播学院), so
the college's chair and liaison review it and the sibling college's chair may not. The clock stands
in phase 2 (the PLEDGE window) for the arrangement and the call alike.
"""

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import time_machine

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.pledges.models import Pledge
from chuangxian.pledges.rating import pledge_rate, pledge_rating_config_set, pledge_rating_finalize
from chuangxian.pledges.services import (
    pledge_progress_add,
    pledge_report_submit,
    pledge_review,
    pledge_submit,
)
from chuangxian.pledges.services_bulk import (
    PledgeProgressItem,
    PledgeReviewItem,
    PledgeSubmission,
    pledges_progress_add_many,
    pledges_review_many,
    pledges_submit_many,
)
from chuangxian.pledges.tests.conftest import CONTENT, IN_PHASE_2
from tests.service_permissions.harness import ServiceCase, World

REVIEWERS = {"chair", "liaison", "office", "admin", "system"}  # can_manage_unit of the college
CONFIGURERS = {"office", "admin", "system"}  # can_configure_tenant of the school
# RaterReach: the member (self), the college's officers and the school's leader (leader), the office
# and the platform admin (org). Never the system: a rating is a person's judgment.
RATERS = {"member", "chair", "liaison", "leader", "office", "admin"}

T = TypeVar("T")


def in_phase_2(call: Callable[[], T]) -> T:
    with time_machine.travel(IN_PHASE_2, tick=False):
        return call()


def _campaign(w: World) -> Campaign:
    return make_campaign(w.tree.tenant)


def _submitted(w: World, member: Member | None = None, author: Actor | None = None) -> Pledge:
    campaign = _campaign(w)
    return in_phase_2(
        lambda: pledge_submit(
            member=member or w.personas.member_row,
            campaign=campaign,
            content=CONTENT,
            actor=author or w.personas.member,
        )
    )


def _published(w: World) -> Pledge:
    pledge = _submitted(w)
    return in_phase_2(lambda: pledge_review(pledge=pledge, approve=True, actor=SYSTEM))


def _reported(w: World) -> Pledge:
    pledge = _published(w)
    in_phase_2(lambda: pledge_report_submit(pledge=pledge, text="已兑现", actor=w.personas.member))
    pledge.refresh_from_db()
    return pledge


def _rated(w: World) -> Pledge:
    pledge = _reported(w)
    pledge_rate(pledge=pledge, grade="优秀", actor=w.personas.member)
    return pledge


def _colleague(w: World) -> tuple[Campaign, Member]:
    """Another member of 中文系工会小组 (no login): whom nobody may pledge for."""
    return _campaign(w), MemberFactory(unit=w.tree.group, name="同组会员")


def _submit(w: World, ctx: tuple[Campaign, Member], actor: Actor) -> Any:
    campaign, member = ctx
    return in_phase_2(lambda: pledge_submit(member=member, campaign=campaign, content=CONTENT, actor=actor))


CASES = [
    ServiceCase(
        service=pledge_submit,
        allowed={"member"},
        arrange=lambda w: (_campaign(w), w.personas.member_row),
        act=_submit,
    ),
    ServiceCase(
        service=pledge_submit,
        name="for_someone_else",
        allowed=set(),
        arrange=_colleague,
        act=_submit,
    ),
    ServiceCase(
        service=pledge_review,
        allowed=REVIEWERS,
        arrange=_submitted,
        act=lambda w, pledge, actor: in_phase_2(
            lambda: pledge_review(pledge=pledge, approve=True, actor=actor)
        ),
    ),
    ServiceCase(
        service=pledge_review,
        name="own_pledge",
        allowed=REVIEWERS - {"chair"},  # the chair's own pledge: another officer reviews it
        arrange=lambda w: _submitted(w, w.personas.chair_row, w.personas.chair),
        act=lambda w, pledge, actor: in_phase_2(
            lambda: pledge_review(pledge=pledge, approve=False, comment="请写具体", actor=actor)
        ),
    ),
    ServiceCase(
        service=pledge_progress_add,
        allowed={"member"},
        arrange=_published,
        act=lambda w, pledge, actor: in_phase_2(
            lambda: pledge_progress_add(pledge=pledge, on=date(2011, 3, 1), text="答疑两次", actor=actor)
        ),
    ),
    ServiceCase(
        service=pledge_report_submit,
        allowed={"member"},
        arrange=_published,
        act=lambda w, pledge, actor: in_phase_2(
            lambda: pledge_report_submit(pledge=pledge, text="已兑现", actor=actor)
        ),
    ),
    ServiceCase(
        service=pledge_rating_config_set,
        allowed=CONFIGURERS,
        arrange=_campaign,
        act=lambda w, campaign, actor: pledge_rating_config_set(
            campaign=campaign,
            scale=[("优秀", 95), ("合格", 80)],
            weights={"self": 1, "peer": 1, "leader": 1, "org": 1},
            top_share=(1, 3),
            actor=actor,
        ),
    ),
    ServiceCase(
        service=pledge_rate,
        allowed=RATERS,
        arrange=_reported,
        act=lambda w, pledge, actor: pledge_rate(pledge=pledge, grade="合格", actor=actor),
    ),
    ServiceCase(
        service=pledge_rating_finalize,
        allowed=CONFIGURERS,
        arrange=_rated,
        act=lambda w, pledge, actor: pledge_rating_finalize(
            unit=w.tree.college, campaign=pledge.campaign, actor=actor
        ),
    ),
]


# The batched services (services_bulk): the system records them (``actor``); each item is checked
# as its own author's act (``by``), with the single service's rule. Two cases each: the recorder
# (only the system), and the item's author (the persona acting for the plain member's pledge).
def _submit_many(w: World, ctx: tuple[Campaign, Member], recorder: Actor, by: Actor) -> Any:
    campaign, member = ctx
    return in_phase_2(
        lambda: pledges_submit_many(
            campaign=campaign,
            items=[PledgeSubmission(by=by, member=member, content=CONTENT, at=clock.now())],
            actor=recorder,
        )
    )


def _review_many(w: World, pledge: Pledge, recorder: Actor, by: Actor) -> Any:
    return in_phase_2(
        lambda: pledges_review_many(
            items=[PledgeReviewItem(by=by, pledge=pledge, approve=True, at=clock.now())], actor=recorder
        )
    )


def _progress_many(w: World, pledge: Pledge, recorder: Actor, by: Actor) -> Any:
    return in_phase_2(
        lambda: pledges_progress_add_many(
            items=[
                PledgeProgressItem(by=by, pledge=pledge, on=date(2011, 3, 1), text="答疑两次", at=clock.now())
            ],
            actor=recorder,
        )
    )


CASES += [
    ServiceCase(
        service=pledges_submit_many,
        allowed={"system"},
        arrange=lambda w: (_campaign(w), w.personas.member_row),
        act=lambda w, ctx, actor: _submit_many(w, ctx, actor, w.personas.member),
    ),
    ServiceCase(
        service=pledges_submit_many,
        name="by",
        allowed={"member"},
        arrange=lambda w: (_campaign(w), w.personas.member_row),
        act=lambda w, ctx, actor: _submit_many(w, ctx, SYSTEM, actor),
    ),
    ServiceCase(
        service=pledges_review_many,
        allowed={"system"},
        arrange=_submitted,
        act=lambda w, pledge, actor: _review_many(w, pledge, actor, w.personas.chair),
    ),
    ServiceCase(
        service=pledges_review_many,
        name="by",
        allowed=REVIEWERS,  # can_review_pledge for the item's reviewer, as pledge_review
        arrange=_submitted,
        act=lambda w, pledge, actor: _review_many(w, pledge, SYSTEM, actor),
    ),
    ServiceCase(
        service=pledges_progress_add_many,
        allowed={"system"},
        arrange=_published,
        act=lambda w, pledge, actor: _progress_many(w, pledge, actor, w.personas.member),
    ),
    ServiceCase(
        service=pledges_progress_add_many,
        name="by",
        allowed={"member"},
        arrange=_published,
        act=lambda w, pledge, actor: _progress_many(w, pledge, SYSTEM, actor),
    ),
]
