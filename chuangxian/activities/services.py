"""Every write to activities, their registrations and their attendance."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.activities.audience import activity_groups, groups_label, member_in_groups
from chuangxian.activities.checkin import CLOSES_AFTER, CODES, OPENS_BEFORE, CheckinError
from chuangxian.activities.models import (
    Activity,
    ActivityAudience,
    ActivityAudienceGroup,
    ActivityKind,
    ActivityPhoto,
    ActivityStatus,
    Attendance,
    AttendanceMethod,
    AudienceGroup,
    Registration,
    RegistrationStatus,
)
from chuangxian.activities.permissions import (
    can_cancel_registration,
    can_check_in,
    can_manage_activity,
    can_organise_in,
    can_sign_up,
    member_in_audience,
    member_in_units,
)
from chuangxian.activities.selectors import brand_window
from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import PhaseClosedError, phase_require_open
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.checkin import attendance_record_once, attendance_sync
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.files import IMAGES, file_check, stored_name
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.orgs.permissions import member_for

ACTIVITY_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
    "whole_tenant",
    "signup_opens_at",
    "signup_closes_at",
    "is_brand",
)


class ActivityError(DomainError):
    pass


@dataclass(frozen=True)
class ActivityData:
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    signup_opens_at: datetime
    signup_closes_at: datetime
    description: str = ""
    place: str = ""
    capacity: int | None = None
    whole_tenant: bool = False
    audience_units: Sequence[Unit] = field(default_factory=tuple)
    audience_groups: Sequence[str] = field(default_factory=tuple)
    is_brand: bool = False


def local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _managers_only() -> Refused:
    return Refused(_("只有主办单位的主席、联络员或学校工会可以管理这项活动。"), code="forbidden")


def _require_organiser(actor: Actor, unit: Unit) -> None:
    """Raises Refused 'forbidden' unless ``actor`` may organise activities for ``unit``."""
    if not can_organise_in(actor, unit):
        raise _managers_only()


def _require_manager(actor: Actor, activity: Activity) -> None:
    """Raises Refused 'forbidden' unless ``actor`` manages ``activity`` (call it on the locked row)."""
    if not can_manage_activity(actor, activity):
        raise _managers_only()


def _login(actor: Actor) -> User | None:
    """The login to name as creator or uploader (None for the system)."""
    return actor if isinstance(actor, User) else None


def activity_times_check(*, starts_at: datetime, ends_at: datetime) -> None:
    """An activity ends when or after it starts. Raises ActivityError 'bad_times'; ActivityForm runs
    it too."""
    if ends_at < starts_at:
        raise ActivityError(code="bad_times", message=_("结束时间不能早于开始时间。"), field="ends_at")


def activity_signup_check(*, opens_at: datetime, closes_at: datetime, ends_at: datetime | None) -> None:
    """Sign-up closes when or after it opens, and no later than the activity ends. Raises ActivityError
    'bad_signup'; ActivityForm runs it too, with ``ends_at`` None when the end did not clean."""
    if closes_at < opens_at:
        raise ActivityError(
            code="bad_signup", message=_("报名截止时间不能早于报名开始时间。"), field="signup_closes_at"
        )
    if ends_at is not None and closes_at > ends_at:
        raise ActivityError(
            code="bad_signup", message=_("报名截止时间不能晚于活动结束时间。"), field="signup_closes_at"
        )


def _check(unit: Unit, data: ActivityData) -> None:
    """Raises ActivityError 'bad_kind', 'no_title', 'bad_times', 'bad_signup', 'bad_capacity',
    'bad_group', 'no_audience', 'audience_outside', 'whole_tenant_office_only'."""
    if data.kind not in ActivityKind.values:
        raise ActivityError(code="bad_kind", message=_("请选择活动类型。"), field="kind")
    if not data.title.strip():
        raise ActivityError(code="no_title", message=_("请填写活动名称。"), field="title")
    activity_times_check(starts_at=data.starts_at, ends_at=data.ends_at)
    activity_signup_check(
        opens_at=data.signup_opens_at, closes_at=data.signup_closes_at, ends_at=data.ends_at
    )
    if data.capacity is not None and data.capacity < 1:
        raise ActivityError(
            code="bad_capacity", message=_("名额至少为 1；不限人数请留空。"), field="capacity"
        )
    if any(code not in AudienceGroup.values for code in data.audience_groups):
        raise ActivityError(code="bad_group", message=_("请从列表中选择限定人群。"), field="audience_groups")
    office = unit.is_root()
    if data.whole_tenant:
        if not office:
            raise ActivityError(
                code="whole_tenant_office_only",
                message=_("只有校工会主办的活动可以面向全校；请选择本单位或下属单位作为参加范围。"),
                field="whole_tenant",
            )
        return
    if not data.audience_units:
        raise ActivityError(
            code="no_audience",
            message=_("请选择参加范围：面向全校，或至少选择一个单位。"),
            field="audience_units",
        )
    for target in data.audience_units:
        inside = target.tenant_id == unit.tenant_id and (office or target.path.startswith(unit.path))
        if not inside:
            raise ActivityError(
                code="audience_outside",
                message=_("「%(name)s」不在「%(unit)s」的范围内，不能作为参加单位。")
                % {"name": target.name, "unit": unit.name},
                field="audience_units",
            )


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


def _phase_open(campaign: Campaign, action: str, unit: Unit, on: date | None = None) -> bool:
    try:
        phase_require_open(campaign=campaign, action=action, unit=unit, on=on)
    except PhaseClosedError:
        return False
    return True


def _require_window(campaign: Campaign, unit: Unit, *, brand: bool) -> None:
    """The activity window must be open today (PhaseClosedError otherwise); for a brand activity the
    brand window will do too, in case a campaign lists 品牌活动 in a phase without 开展活动."""
    if brand and _phase_open(campaign, PhaseAction.BRAND, unit):
        return
    phase_require_open(campaign=campaign, action=PhaseAction.ACTIVITY, unit=unit)


def _check_brand(campaign: Campaign, unit: Unit, starts_at: datetime) -> None:
    """A brand activity is the unit's item of the brand phase (phase 3 in the seed): it may be planned
    before that phase, but it starts inside the phase's window, or inside a reopening of it that the
    office granted the unit. Raises ActivityError 'brand_not_in_campaign', 'brand_too_early',
    'brand_too_late'."""
    window = brand_window(campaign)
    if window is None:
        raise ActivityError(
            code="brand_not_in_campaign",
            message=_("本次创先活动没有安排品牌活动，请取消“品牌活动”勾选。"),
            field="is_brand",
        )
    day = timezone.localdate(starts_at)
    if _phase_open(campaign, PhaseAction.BRAND, unit, on=day):
        return
    values = {
        "phase": window.phase_name,
        "start": window.starts_on.isoformat(),
        "end": window.ends_on.isoformat(),
    }
    if day < window.starts_on:
        raise ActivityError(
            code="brand_too_early",
            message=_(
                "品牌活动属于“%(phase)s”阶段（%(start)s 至 %(end)s）。现在可以先筹划，"
                "但活动开始时间须在 %(start)s 以后；不是品牌活动的，请取消“品牌活动”勾选。"
            )
            % values,
            field="starts_at",
        )
    raise ActivityError(
        code="brand_too_late",
        message=_(
            "品牌活动属于“%(phase)s”阶段（%(start)s 至 %(end)s），开始时间不能晚于 %(end)s。"
            "如需补办，请联系学校工会为本单位重新开放该阶段。"
        )
        % values,
        field="starts_at",
    )


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
        created_by=_login(actor),
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
    activity = _lock(activity.pk)
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
        .get(pk=activity.pk)
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
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
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
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
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


def _confirmed_count(activity: Activity) -> int:
    return Registration.objects.filter(
        tenant_id=activity.tenant_id, activity=activity, status=RegistrationStatus.CONFIRMED
    ).count()


def _lock(activity_id: int) -> Activity:
    return (
        Activity.objects.select_for_update(of=("self",))
        .select_related("unit")
        .prefetch_related("audience__unit", "audience_groups")
        .get(pk=activity_id)
    )


def _promote(activity: Activity, actor: Actor) -> list[Registration]:
    """Fill free places from the waiting list in order; the caller holds the activity lock.
    Notifies the promoted members (the e-mail goes after commit)."""
    promoted: list[Registration] = []
    waiting = Registration.objects.filter(
        tenant_id=activity.tenant_id, activity=activity, status=RegistrationStatus.WAITLISTED
    ).order_by("position")
    if activity.capacity is None:
        free = None
    else:
        free = activity.capacity - _confirmed_count(activity)
        if free <= 0:
            return promoted
        waiting = waiting[:free]
    for registration in waiting.select_related("member"):
        registration.status = RegistrationStatus.CONFIRMED
        registration.position = None
        registration.save(update_fields=["status", "position", "updated_at"])
        promoted.append(registration)
    if promoted:
        notify(
            tenant_id=activity.tenant_id,
            recipients=[r.member for r in promoted],
            kind="activities.promoted",
            title=_("您已从候补转为正式报名：%(title)s") % {"title": activity.title},
            body=_("活动时间：%(time)s，地点：%(place)s。")
            % {"time": local(activity.starts_at), "place": activity.place},
            url=reverse("activities:detail", args=[activity.pk]),
        )
        audit_record(
            actor=actor,
            action="activities.registration.promoted",
            target=activity,
            unit=activity.unit,
            data={"members": [r.member.name for r in promoted]},
        )
    return promoted


@transaction.atomic
def registration_signup(*, activity: Activity, member: Member, actor: Actor) -> Registration:
    """Sign ``member`` up. Locks the activity row, so the confirmed count and the next waiting-list
    position are read and written by one sign-up at a time: capacity holds under concurrency.

    Signing up is the member's own act: ``actor`` must be ``member``'s login (``can_sign_up``); an
    officer or the system signing someone else up is refused. A member who cancelled earlier signs
    up again at the end of the queue. Raises Refused 'not_own'; ActivityError 'not_open' (draft or
    closed), 'signup_not_open', 'signup_closed', 'not_in_audience', 'not_in_groups',
    'already_signed_up'.
    """
    activity = _lock(activity.pk)
    if not can_sign_up(actor, member):
        raise Refused(_("只能为自己报名：请会员本人登录后在活动页面报名。"), code="not_own")
    if activity.status != ActivityStatus.PUBLISHED:
        raise ActivityError(code="not_open", message=_("该活动未在报名中。"))
    now = clock.now()
    if now < activity.signup_opens_at:
        raise ActivityError(
            code="signup_not_open",
            message=_("报名尚未开始，%(time)s 起可以报名。") % {"time": local(activity.signup_opens_at)},
        )
    if now > activity.signup_closes_at:
        raise ActivityError(
            code="signup_closed",
            message=_("报名已于 %(time)s 截止。") % {"time": local(activity.signup_closes_at)},
        )
    if not member_in_units(member, activity):
        raise ActivityError(
            code="not_in_audience",
            message=_(
                "这项活动只面向指定单位的会员，您不在参加范围内。如有疑问，请联系主办单位「%(unit)s」。"
            )
            % {"unit": activity.unit.name},
        )
    if not member_in_groups(member, activity):
        raise ActivityError(
            code="not_in_groups",
            message=_("这项活动只面向%(groups)s，您不在参加范围内。如有疑问，请联系主办单位「%(unit)s」。")
            % {"groups": groups_label(activity_groups(activity)), "unit": activity.unit.name},
        )
    registration = Registration.objects.filter(
        tenant_id=activity.tenant_id, activity=activity, member=member
    ).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise ActivityError(
            code="already_signed_up",
            message=_("您已经报名了这项活动（%(status)s）。") % {"status": registration.get_status_display()},
        )
    full = activity.capacity is not None and _confirmed_count(activity) >= activity.capacity
    if full:
        last = Registration.objects.filter(tenant_id=activity.tenant_id, activity=activity).aggregate(
            m=Max("position")
        )["m"]
        status, position = RegistrationStatus.WAITLISTED, (last or 0) + 1
    else:
        status, position = RegistrationStatus.CONFIRMED, None
    if registration is None:
        registration = Registration.objects.create(
            tenant_id=activity.tenant_id,
            activity=activity,
            member=member,
            status=status,
            position=position,
            created_at=now,
        )
    else:
        registration.status, registration.position, registration.created_at = status, position, now
        registration.save(update_fields=["status", "position", "created_at", "updated_at"])
    audit_record(
        actor=actor,
        action="activities.registration.signed_up" if not full else "activities.registration.waitlisted",
        target=activity,
        unit=activity.unit,
        data={"member": member.name, "position": position},
    )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: Actor) -> Registration:
    """Cancel a sign-up (the member themself, or the organiser). Locks the activity row; a freed
    place goes to the first on the waiting list, who is notified. Raises Refused 'forbidden';
    ActivityError 'already_cancelled', 'closed'."""
    activity = _lock(registration.activity_id)
    registration = Registration.objects.select_related("member").get(pk=registration.pk)
    if not can_cancel_registration(actor, registration, activity):
        raise Refused(
            _("只有报名的会员本人，或主办单位的主席、联络员、学校工会可以取消这条报名。"), code="forbidden"
        )
    if activity.status == ActivityStatus.CLOSED:
        raise ActivityError(code="closed", message=_("活动已结束，不能再取消报名。"))
    if registration.status == RegistrationStatus.CANCELLED:
        raise ActivityError(code="already_cancelled", message=_("这条报名已经取消了。"))
    registration.status = RegistrationStatus.CANCELLED
    registration.position = None
    registration.save(update_fields=["status", "position", "updated_at"])
    audit_record(
        actor=actor,
        action="activities.registration.cancelled",
        target=activity,
        unit=activity.unit,
        data={"member": registration.member.name},
    )
    _promote(activity, actor)
    return registration


@dataclass(frozen=True)
class CheckinResult:
    activity: Activity
    attendance: Attendance
    already: bool


def checkin_window(activity: Activity) -> tuple[datetime, datetime]:
    return activity.starts_at - OPENS_BEFORE, activity.ends_at + CLOSES_AFTER


def checkin_require_open(activity: Activity, *, at: datetime | None = None) -> None:
    """Raises CheckinError 'not_published', 'not_open_yet' or 'closed' unless the activity is running."""
    moment = at or clock.now()
    opens, closes = checkin_window(activity)
    if activity.status == ActivityStatus.DRAFT:
        raise CheckinError(code="not_published", message=_("该活动尚未发布，不能签到。"))
    if activity.status == ActivityStatus.CLOSED:
        raise CheckinError(code="closed", message=_("该活动已结束，签到已关闭。"))
    if moment < opens:
        raise CheckinError(
            code="not_open_yet",
            message=_("签到尚未开始：活动开始前 1 小时（%(time)s）起可以签到。") % {"time": local(opens)},
        )
    if moment > closes:
        raise CheckinError(
            code="closed",
            message=_("签到已结束：签到在活动结束后 1 小时（%(time)s）关闭。") % {"time": local(closes)},
        )


def _checkin_refusal(member: Member | None, activity: Activity) -> Refused:
    """Why ``member`` (None: a login without a roster row, or the system) may not check in: 'not_found'
    for another school's member (the refusal would name the unit), 'not_in_audience', 'not_in_groups'."""
    if member is not None and member.tenant_id != activity.tenant_id:
        return Refused(_("找不到这项活动。"), code="not_found")
    if member is None or not member_in_units(member, activity):
        return Refused(
            _("您不在这项活动的参加范围内，不能签到。如有疑问，请联系主办单位「%(unit)s」。")
            % {"unit": activity.unit.name},
            code="not_in_audience",
        )
    return Refused(
        _("这项活动只面向%(groups)s，您不能签到。如有疑问，请联系主办单位「%(unit)s」。")
        % {"groups": groups_label(activity_groups(activity)), "unit": activity.unit.name},
        code="not_in_groups",
    )


@transaction.atomic
def attendance_checkin(
    *, activity_id: int, code: str, actor: Actor, scanned_before_login: bool = False
) -> CheckinResult:
    """Record that the logged-in ``actor`` attended, from the code scanned on the organiser's screen.

    Only for the actor themself: a member of the audience (``can_check_in``); no one, the system
    included, checks in someone else (officers tick attendance with ``attendance_set``). Checks, in
    order: the code's signature and age, that it names ``activity_id``, that the actor is in the
    audience (units, then groups), and that the activity is running (published; from 1 hour before
    the start to 1 hour after the end). Locks the activity row; the unique constraint backs "twice
    counts once". Raises CheckinError 'code_expired', 'code_invalid', 'code_other_activity',
    'not_found' (no such activity), 'not_published', 'not_open_yet', 'closed'; Refused 'not_found'
    (another school's member), 'not_in_audience', 'not_in_groups'.
    """
    CODES.require(code, activity_id, scanned_before_login=scanned_before_login)
    member = member_for(actor)
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("unit")
        .prefetch_related("audience__unit", "audience_groups")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise CheckinError(code="not_found", message=_("找不到这项活动。"))
    if member is None or not can_check_in(actor, activity):
        raise _checkin_refusal(member, activity)
    attendance, already = attendance_record_once(
        Attendance,
        key={"tenant_id": activity.tenant_id, "activity": activity},
        member=member,
        require_open=lambda: checkin_require_open(activity),
        fields={"method": AttendanceMethod.CHECKIN, "at": clock.now()},
    )
    if not already:
        audit_record(
            actor=actor,
            action="activities.attendance.checked_in",
            target=activity,
            unit=activity.unit,
            data={"member": member.name},
        )
    return CheckinResult(activity=activity, attendance=attendance, already=already)


@transaction.atomic
def attendance_set(*, activity: Activity, member_ids: Iterable[int], actor: Actor) -> tuple[int, int]:
    """Make the attendance list exactly ``member_ids`` (ticked by the organiser from the list).

    Members already present keep their row and method. Locks the activity row. Returns (added,
    removed). Raises Refused 'forbidden'; ActivityError 'not_published', 'not_in_audience'.
    """
    activity = _lock(activity.pk)
    _require_manager(actor, activity)
    if activity.status == ActivityStatus.DRAFT:
        raise ActivityError(code="not_published", message=_("活动尚未发布，不能登记出席。"))
    wanted = set(member_ids)
    members = list(
        Member.objects.filter(
            tenant_id=activity.tenant_id, pk__in=wanted, status=MemberStatus.ACTIVE
        ).select_related("unit")
    )
    allowed = {m.pk for m in members if member_in_audience(m, activity)}
    outside = wanted - allowed
    if outside:
        names = "、".join(
            Member.objects.filter(pk__in=outside, tenant_id=activity.tenant_id).values_list("name", flat=True)
        ) or _("所选人员")
        groups = activity_groups(activity)
        raise ActivityError(
            code="not_in_audience",
            message=(
                _("%(names)s 不在这项活动的参加范围内（限%(groups)s），不能登记出席。")
                % {"names": names, "groups": groups_label(groups)}
                if groups
                else _("%(names)s 不在这项活动的参加范围内，不能登记出席。") % {"names": names}
            ),
        )
    added, removed = attendance_sync(
        Attendance,
        key={"tenant_id": activity.tenant_id, "activity": activity},
        wanted=wanted,
        fields={"method": AttendanceMethod.TICKED, "at": clock.now()},
    )
    if added or removed:
        audit_record(
            actor=actor,
            action="activities.attendance.set",
            target=activity,
            unit=activity.unit,
            data={"added": len(added), "removed": len(removed), "attended": len(wanted)},
        )
    return len(added), len(removed)


@transaction.atomic
def activity_photo_add(*, activity: Activity, upload: IO[bytes], name: str, actor: Actor) -> ActivityPhoto:
    """Attach a photo (JPEG, PNG, GIF, WebP; the type is read from the content, the size is capped).

    Raises Refused 'forbidden'; ActivityError 'not_published'; FileCheckError 'empty', 'too_large',
    'forbidden_type', 'bad_extension', 'type_mismatch'. Nothing is stored when a check fails.
    """
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    _require_manager(actor, activity)
    if activity.status == ActivityStatus.DRAFT:
        raise ActivityError(code="not_published", message=_("活动尚未发布，不能上传照片。"))
    kind = file_check(upload, name=name, allowed=IMAGES)
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    photo = ActivityPhoto(
        tenant_id=activity.tenant_id,
        activity=activity,
        original_name=name[:200],
        kind=kind.code,
        size=size,
        uploaded_by=_login(actor),
        uploaded_at=clock.now(),
    )
    # Stored under a random name with the checked kind's extension: the user's name is only a label.
    photo.file.save(stored_name(kind, name), File(upload), save=False)
    photo.save()
    audit_record(
        actor=actor,
        action="activities.photo.added",
        target=activity,
        unit=activity.unit,
        data={"file": photo.original_name, "kind": kind.code, "size": size},
    )
    return photo
