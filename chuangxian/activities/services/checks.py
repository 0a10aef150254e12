"""The rules an activity's data must follow (times, sign-up, audience, brand timing) and the
campaign windows it must be created in; ``ActivityForm`` runs the first two too."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.activities.models import ActivityKind, AudienceGroup
from chuangxian.activities.selectors import brand_window
from chuangxian.activities.services._common import ActivityData, ActivityError
from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import PhaseClosedError, phase_require_open
from chuangxian.orgs.models import Unit


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
