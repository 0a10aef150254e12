"""An activity's life: creating it, editing it (with its audience and the members an edit leaves
outside), publishing it for sign-up and closing it with a report."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.activities.audience import activity_groups
from chuangxian.activities.models import (
    Activity,
    ActivityAudience,
    ActivityAudienceGroup,
    ActivityStatus,
    AudienceGroup,
    Registration,
    RegistrationStatus,
)
from chuangxian.activities.permissions import member_in_audience
from chuangxian.activities.services._common import (
    ACTIVITY_FIELDS,
    ActivityData,
    ActivityError,
    _lock,
    _require_manager,
    _require_organiser,
)
from chuangxian.activities.services.checks import _check, _check_brand, _require_window
from chuangxian.activities.services.registrations import _confirmed_count, _promote
from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Unit


def _write_audience(activity: Activity, data: ActivityData) -> None:
    ActivityAudience.objects.filter(tenant_id=activity.tenant_id, activity=activity).delete()
    if not data.whole_tenant:
        ActivityAudience.objects.bulk_create(
            [
                ActivityAudience(tenant_id=activity.tenant_id, activity=activity, unit=unit)
                for unit in {u.pk: u for u in data.audience_units}.values()
            ]
        )
    ActivityAudienceGroup.objects.filter(tenant_id=activity.tenant_id, activity=activity).delete()
    ActivityAudienceGroup.objects.bulk_create(
        [
            ActivityAudienceGroup(tenant_id=activity.tenant_id, activity=activity, group=code)
            for code in AudienceGroup.values
            if code in data.audience_groups
        ]
    )


def _audience_snapshot(activity: Activity) -> dict[str, Any]:
    """The audience as the audit log shows it: invited unit ids and group codes (read from the
    database: call it on an activity without prefetched audience)."""
    units = ActivityAudience.objects.filter(tenant_id=activity.tenant_id, activity=activity)
    return {
        "audience_units": sorted(units.values_list("unit_id", flat=True)),
        "audience_groups": activity_groups(activity),
    }


@transaction.atomic
def activity_create(*, campaign: Campaign, unit: Unit, data: ActivityData, actor: Actor) -> Activity:
    """Create a draft activity organised by ``unit`` (the office's root unit or a sub-union).

    Only the unit's officers may; refused outside the campaign's activity window unless the office
    reopened it for the unit. A brand activity may be planned early (in the activity window, e.g. in
    phase 2) but must take place in the brand phase: see ``_check_brand``. Raises Refused 'forbidden';
    ActivityError 'wrong_tenant', 'unit_inactive', the codes of ``_check`` and ``_check_brand``; or
    PhaseClosedError.
    """
    _require_organiser(actor, unit)
    if campaign.tenant_id != unit.tenant_id:
        raise ActivityError(code="wrong_tenant", message=_("该创先活动不属于本校。"))
    if not unit.is_active:
        raise ActivityError(code="unit_inactive", message=_("该组织已停用，不能再组织活动。"))
    _require_window(campaign, unit, brand=data.is_brand)
    _check(unit, data)
    if data.is_brand:
        _check_brand(campaign, unit, data.starts_at)
    activity = Activity.objects.create(
        tenant_id=unit.tenant_id,
        campaign=campaign,
        unit=unit,
        created_by=login_of(actor),
        created_at=clock.now(),
        **{name: getattr(data, name) for name in ACTIVITY_FIELDS} | {"title": data.title.strip()},
    )
    _write_audience(activity, data)
    audit_record(
        actor=actor,
        action="activities.activity.created",
        target=activity,
        unit=unit,
        data={"title": activity.title, "kind": activity.kind, **_audience_snapshot(activity)},
    )
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, data: ActivityData, actor: Actor, cancel_outside: bool = False
) -> Activity:
    """Change an activity that is not closed.

    Narrowing the audience (fewer units, added groups, or a later start that ages members out of
    青年教职工) may leave members who signed up or wait outside it. Unless ``cancel_outside``, that is
    refused with 'audience_excludes_registered', naming them, and nothing changes; with it, their
    registrations are cancelled, they are notified, and the freed places go to the waiting list in
    order. Only members the edit itself excludes count: one who was already outside (left the
    school, say) is left alone. Locks the activity row. Raises Refused 'forbidden'; ActivityError
    'closed', codes of ``_check`` and ``_check_brand``, 'audience_excludes_registered',
    'capacity_below_confirmed'.
    """
    activity = _lock(activity.pk, activity.tenant_id)
    _require_manager(actor, activity)
    if activity.status == ActivityStatus.CLOSED:
        raise ActivityError(code="closed", message=_("活动已结束，不能再修改。"))
    _check(activity.unit, data)
    if data.is_brand and (not activity.is_brand or data.starts_at != activity.starts_at):
        # Checked when it becomes a brand activity or moves: a later change of the phase dates does
        # not block unrelated edits of one that was valid when planned.
        _check_brand(activity.campaign, activity.unit, data.starts_at)
    registered = list(
        Registration.objects.filter(
            tenant_id=activity.tenant_id,
            activity=activity,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
        )
        .select_related("member__unit")
        .order_by("status", "position", "created_at", "pk")
    )
    was_inside = [r for r in registered if member_in_audience(r.member, activity)]
    before = snapshot(activity, ACTIVITY_FIELDS) | _audience_snapshot(activity)
    for name in ACTIVITY_FIELDS:
        setattr(activity, name, getattr(data, name))
    activity.title = activity.title.strip()
    activity.save()
    _write_audience(activity, data)
    # Re-read with the new audience; the row stays locked by this transaction.
    activity = (
        Activity.objects.select_related("unit")
        .prefetch_related("audience__unit", "audience_groups")
        .get(pk=activity.pk, tenant_id=activity.tenant_id)
    )
    outside = [r for r in was_inside if not member_in_audience(r.member, activity)]
    if outside and not cancel_outside:
        raise ActivityError(code="audience_excludes_registered", message=_excluded_message(outside))
    if outside:
        _cancel_excluded(activity, outside, actor)
    confirmed = _confirmed_count(activity)
    if data.capacity is not None and data.capacity < confirmed:
        raise ActivityError(
            code="capacity_below_confirmed",
            message=_("已有 %(n)s 人报名成功，名额不能少于 %(n)s。") % {"n": confirmed},
            field="capacity",
        )
    _promote(activity, actor)
    changes = diff(before, snapshot(activity, ACTIVITY_FIELDS) | _audience_snapshot(activity))
    audit_record(
        actor=actor,
        action="activities.activity.updated",
        target=activity,
        unit=activity.unit,
        changes=changes,
    )
    return activity


EXCLUDED_NAMES_SHOWN = 20


def _excluded_message(outside: Sequence[Registration]) -> str:
    shown = [
        _("%(name)s（%(unit)s，%(status)s）")
        % {"name": r.member.name, "unit": r.member.unit.name, "status": r.get_status_display()}
        for r in outside[:EXCLUDED_NAMES_SHOWN]
    ]
    names = "、".join(shown)
    if len(outside) > EXCLUDED_NAMES_SHOWN:
        names += _("等 %(n)s 人") % {"n": len(outside)}
    return _(
        "修改后的参加范围不再包括以下已报名或候补的 %(n)s 位会员：%(names)s。"
        "如确认修改，请勾选“取消这些会员的报名”后再保存：他们会收到通知，空出的名额按候补顺序递补。"
    ) % {"n": len(outside), "names": names}


def _cancel_excluded(activity: Activity, outside: Sequence[Registration], actor: Actor) -> None:
    """Cancel the registrations of members the new audience excludes and tell them; the caller
    holds the activity lock and promotes from the waiting list afterwards."""
    for registration in outside:
        registration.status = RegistrationStatus.CANCELLED
        registration.position = None
        registration.save(update_fields=["status", "position", "updated_at"])
    notify(
        tenant_id=activity.tenant_id,
        recipients=[r.member for r in outside],
        kind="activities.excluded",
        title=_("活动参加范围已调整，您的报名已取消：%(title)s") % {"title": activity.title},
        body=_("主办单位「%(unit)s」调整了这项活动的参加范围，您已不在范围内。如有疑问，请联系主办单位。")
        % {"unit": activity.unit.name},
        url=reverse("activities:list"),
    )
    audit_record(
        actor=actor,
        action="activities.registration.excluded",
        target=activity,
        unit=activity.unit,
        data={"members": [r.member.name for r in outside]},
    )


@transaction.atomic
def activity_publish(*, activity: Activity, actor: Actor) -> Activity:
    """Open a draft for sign-up. Raises Refused 'forbidden'; ActivityError 'not_draft'."""
    activity = (
        Activity.objects.select_for_update()
        .select_related("unit")
        .get(pk=activity.pk, tenant_id=activity.tenant_id)
    )
    _require_manager(actor, activity)
    if activity.status != ActivityStatus.DRAFT:
        raise ActivityError(code="not_draft", message=_("只有草稿状态的活动可以发布。"))
    activity.status = ActivityStatus.PUBLISHED
    activity.save(update_fields=["status"])
    audit_record(actor=actor, action="activities.activity.published", target=activity, unit=activity.unit)
    return activity


@transaction.atomic
def activity_close(*, activity: Activity, report: str, actor: Actor) -> Activity:
    """Close a published activity with a short report. Raises Refused 'forbidden'; ActivityError
    'not_published', 'not_started', 'no_report'."""
    activity = (
        Activity.objects.select_for_update()
        .select_related("unit")
        .get(pk=activity.pk, tenant_id=activity.tenant_id)
    )
    _require_manager(actor, activity)
    if activity.status != ActivityStatus.PUBLISHED:
        raise ActivityError(code="not_published", message=_("只有已发布的活动可以结束。"))
    if clock.now() < activity.starts_at:
        raise ActivityError(code="not_started", message=_("活动尚未开始，不能结束。"))
    if not report.strip():
        raise ActivityError(code="no_report", message=_("请写几句活动总结再结束活动。"), field="report")
    activity.status = ActivityStatus.CLOSED
    activity.report = report.strip()
    activity.closed_at = clock.now()
    activity.save(update_fields=["status", "report", "closed_at"])
    audit_record(actor=actor, action="activities.activity.closed", target=activity, unit=activity.unit)
    return activity
