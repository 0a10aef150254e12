"""评诺: ratings by the member, colleagues, the unit's leaders and the organisation, and the final grade.

The final score of a pledge is the weighted mean of the mean grade points of each rater kind (kinds
nobody rated drop out and the weights of the rest are rescaled); the final grade is the grade whose
points are nearest (a tie goes to the lower grade). At most ``top_share`` of a unit's pledges get the
best grade: the highest scores keep it, the rest drop one grade.
"""

import math
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor, is_person
from chuangxian.core.errors import Refused
from chuangxian.core.roles import Capability
from chuangxian.core.scope import Scope
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_configure_tenant, can_manage_unit, member_for, scope_for
from chuangxian.pledges.models import (
    Pledge,
    PledgeRating,
    PledgeRatingConfig,
    PledgeStatus,
    RaterKind,
)
from chuangxian.pledges.permissions import can_configure_rating
from chuangxian.pledges.services import PledgeError, _transition


def rating_config(campaign: Campaign) -> PledgeRatingConfig:
    """The campaign's 评诺 settings: the office's row, or the defaults (unsaved) while it has set none.
    A read: one query, never a write (pages showing the grades call it)."""
    config = PledgeRatingConfig.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign).first()
    return config or PledgeRatingConfig(tenant_id=campaign.tenant_id, campaign=campaign)


@transaction.atomic
def pledge_rating_config_set(
    *,
    campaign: Campaign,
    scale: list[tuple[str, int]],
    weights: dict[str, int],
    top_share: tuple[int, int],
    actor: Actor,
) -> PledgeRatingConfig:
    """The office sets the grades (best first), the weight of each rater kind and the best-grade share.

    Raises Refused 'not_office'; PledgeError 'bad_scale', 'bad_weights', 'bad_share'.
    """
    if not can_configure_rating(actor, campaign):
        raise Refused(_("只有学校工会（创先办）可以设置评诺规则。"), code="not_office")
    labels = [label.strip() for label, _points in scale]
    points = [p for _label, p in scale]
    if (
        len(scale) < 2
        or len(set(labels)) != len(labels)
        or not all(labels)
        or points != sorted(points, reverse=True)
    ):
        raise PledgeError(code="bad_scale", message=_("等级至少两个、名称不能重复，并按分值从高到低排列。"))
    if (
        set(weights) != set(RaterKind.values)
        or any(w < 0 for w in weights.values())
        or sum(weights.values()) <= 0
    ):
        raise PledgeError(
            code="bad_weights", message=_("请为自评、互评、领导评议和组织评定分别填写不小于 0 的权重。")
        )
    num, den = top_share
    if den <= 0 or num < 0 or num > den:
        raise PledgeError(code="bad_share", message=_("最高等级比例应在 0 到 1 之间。"))
    PledgeRatingConfig.objects.get_or_create(tenant_id=campaign.tenant_id, campaign=campaign)
    config = PledgeRatingConfig.objects.select_for_update().get(
        tenant_id=campaign.tenant_id, campaign=campaign
    )
    config.scale = [[label, int(p)] for label, p in zip(labels, points, strict=True)]
    config.weights = {k: int(v) for k, v in weights.items()}
    config.top_share_num, config.top_share_den = num, den
    config.save()
    audit_record(
        actor=actor,
        action="pledges.rating.configured",
        target=config,
        tenant_id=campaign.tenant_id,
        data={"scale": config.scale, "weights": config.weights, "top_share": f"{num}/{den}"},
    )
    return config


_NOBODY = Q(pk__in=[])
_EVERY = ~Q(pk__in=[])  # not Q(): "Q() | x" collapses to x


def _scope_q(scope: Scope) -> Q:
    return _EVERY if scope.everything else scope.q("unit__path", "tenant_id")


class RaterReach:
    """Which pledges ``user`` rates, and as which kind: the one statement of the 评诺 rule.

    The clauses are in priority order (the first that applies gives the kind): the member's own pledge
    (self), the tenant's office or a platform admin (org), a role that manages or views the pledge's
    unit (leader), a member of the pledge's unit (peer). Each clause holds its test on one pledge and
    the same test as a filter side by side, so ``pledge_rate`` and the detail page (``kind_for``) and
    the list of pledges waiting for a rating (``q``) cannot drift apart. No query beyond the cached
    member and role rows. Rating is a person's judgment: the system rates nothing.
    """

    def __init__(self, user: Actor) -> None:
        self.user = user
        self.member = member_for(user)

    def _clauses(self) -> list[tuple[str, Callable[[Pledge], bool], Callable[[int], Q]]]:
        user, member = self.user, self.member
        if not is_person(user):
            return []
        return [
            (
                RaterKind.SELF,
                lambda p: member is not None and member.pk == p.member_id,
                lambda _tenant_id: Q(member_id=member.pk) if member is not None else _NOBODY,
            ),
            (
                RaterKind.ORG,
                lambda p: can_configure_tenant(user, p.tenant_id),
                lambda tenant_id: _EVERY if can_configure_tenant(user, tenant_id) else _NOBODY,
            ),
            (
                RaterKind.LEADER,
                lambda p: (
                    can_manage_unit(user, p.unit)
                    or scope_for(user, Capability.VIEW).covers(tenant_id=p.tenant_id, path=p.unit.path)
                ),
                lambda _tenant_id: (
                    _scope_q(scope_for(user, Capability.MANAGE)) | _scope_q(scope_for(user, Capability.VIEW))
                ),
            ),
            (
                RaterKind.PEER,
                lambda p: (
                    member is not None and member.tenant_id == p.tenant_id and member.unit_id == p.unit_id
                ),
                lambda _tenant_id: (
                    Q(tenant_id=member.tenant_id, unit_id=member.unit_id) if member is not None else _NOBODY
                ),
            ),
        ]

    def kind_for(self, pledge: Pledge) -> str | None:
        for kind, applies, _q in self._clauses():
            if applies(pledge):
                return kind
        return None

    def q(self, tenant_id: int) -> Q:
        """A filter on Pledge: the pledges of the tenant to which ``kind_for`` gives a kind."""
        q = _NOBODY
        for _kind, _applies, clause_q in self._clauses():
            q |= clause_q(tenant_id)
        return Q(tenant_id=tenant_id) & q


def rater_kind_for(user: Actor, pledge: Pledge) -> str | None:
    """The kind in which ``user`` rates ``pledge``, or None when they may not rate it."""
    return RaterReach(user).kind_for(pledge)


@transaction.atomic
def pledge_rate(*, pledge: Pledge, grade: str, actor: Actor) -> PledgeRating:
    """Record (or change) ``actor``'s grade of a reported pledge. Locks the pledge row.

    Raises Refused 'not_rater' (whom ``RaterReach`` gives no kind: the system too); PledgeError
    'not_reported', 'bad_grade'.
    """
    pledge = (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=pledge.pk, tenant_id=pledge.tenant_id)
    )
    kind = rater_kind_for(actor, pledge)
    if kind is None or not isinstance(actor, User):
        raise Refused(_("只有本人、本单位同事、单位领导和学校工会可以评诺。"), code="not_rater")
    if pledge.status != PledgeStatus.REPORTED:
        raise PledgeError(code="not_reported", message=_("承诺人提交述诺后、评定结束前才能评诺。"))
    labels = [label for label, _points in rating_config(pledge.campaign).scale]
    if grade not in labels:
        raise PledgeError(
            code="bad_grade", message=_("请选择评诺等级：%(grades)s。") % {"grades": "、".join(labels)}
        )
    rating, _created = PledgeRating.objects.update_or_create(
        tenant_id=pledge.tenant_id, pledge=pledge, rater=actor, defaults={"kind": kind, "grade": grade}
    )
    audit_record(
        actor=actor, action="pledges.pledge.rated_by", target=pledge, unit=pledge.unit, data={"kind": kind}
    )
    return rating


def _score(ratings: list[PledgeRating], config: PledgeRatingConfig) -> Decimal | None:
    points = dict(config.scale)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for rating in ratings:
        if rating.grade in points:
            by_kind[rating.kind].append(points[rating.grade])
    weights = {k: config.weights.get(k, 0) for k in by_kind if config.weights.get(k, 0) > 0}
    if not weights:
        return None
    total = sum(weights.values())
    value: Decimal = (
        sum(Decimal(weights[k]) * Decimal(sum(by_kind[k])) / len(by_kind[k]) for k in weights) / total
    )
    return value.quantize(Decimal("0.01"))


def _nearest(score: Decimal, scale: list[list[Any]]) -> int:
    """Index of the nearest grade; on a tie the lower grade (larger index)."""
    return min(range(len(scale)), key=lambda i: (abs(score - Decimal(scale[i][1])), -i))


@transaction.atomic
def pledge_rating_finalize(*, unit: Unit, campaign: Campaign, actor: Actor) -> list[Pledge]:
    """The organisation closes 评诺 for a unit and its subtree: every reported pledge with ratings
    gets its final score and grade and moves to 评诺. Per unit (the pledge's unit), the best grade is
    capped at the configured share of that unit's pledges, counting ones rated earlier; the highest
    scores keep it (equal scores: earlier submission first), the rest drop one grade.

    Locks the pledges. Raises Refused 'not_office'; PledgeError 'nothing_to_rate'.
    """
    if not can_configure_rating(actor, campaign) or unit.tenant_id != campaign.tenant_id:
        raise Refused(_("评诺结果由学校工会（创先办）评定。"), code="not_office")
    config = rating_config(campaign)
    scale = config.scale
    pledges = list(
        Pledge.objects.select_for_update()
        .filter(tenant_id=unit.tenant_id, campaign=campaign, unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("submitted_at", "pk")
    )
    ratings: dict[int, list[PledgeRating]] = defaultdict(list)
    for rating in PledgeRating.objects.filter(tenant_id=unit.tenant_id, pledge__in=[p.pk for p in pledges]):
        ratings[rating.pledge_id].append(rating)
    size: dict[int, int] = defaultdict(int)
    top_taken: dict[int, int] = defaultdict(int)
    scored: list[tuple[Pledge, Decimal]] = []
    for pledge in pledges:
        size[pledge.unit_id] += 1
        if pledge.status == PledgeStatus.RATED and pledge.final_grade == scale[0][0]:
            top_taken[pledge.unit_id] += 1
        score = _score(ratings[pledge.pk], config) if pledge.status == PledgeStatus.REPORTED else None
        if score is not None:
            scored.append((pledge, score))
    if not scored:
        raise PledgeError(code="nothing_to_rate", message=_("还没有已述诺并已评议的承诺。"))
    for pledge, score in sorted(scored, key=lambda item: -item[1]):  # stable: submission order on ties
        index = _nearest(score, scale)
        if index == 0:
            cap = math.floor(size[pledge.unit_id] * config.top_share_num / config.top_share_den)
            if top_taken[pledge.unit_id] >= cap:
                index = 1
            else:
                top_taken[pledge.unit_id] += 1
        _transition(pledge, PledgeStatus.RATED)
        pledge.final_score, pledge.final_grade = score, scale[index][0]
        pledge.save(update_fields=["status", "final_score", "final_grade", "updated_at"])
        audit_record(
            actor=actor,
            action="pledges.pledge.rated",
            target=pledge,
            unit=pledge.unit,
            data={"score": score, "grade": pledge.final_grade},
        )
    return [p for p, _s in scored]
