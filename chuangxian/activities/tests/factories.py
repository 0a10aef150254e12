from datetime import datetime
from typing import Any

from django.utils import timezone

from chuangxian.accounts.models import User
from chuangxian.activities.models import Activity, ActivityKind
from chuangxian.activities.services import ActivityData, activity_create, activity_publish
from chuangxian.campaigns.models import Campaign
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.tests.factories import make_user


def at(text: str) -> datetime:
    """An aware datetime in the installation's time zone from 'YYYY-MM-DD HH:MM'."""
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


def activity_data(**fields: Any) -> ActivityData:
    data: dict[str, Any] = {
        "kind": ActivityKind.CONTEST,
        "title": "青年教师教学竞赛",
        "starts_at": at("2011-03-20 14:00"),
        "ends_at": at("2011-03-20 17:00"),
        "signup_opens_at": at("2011-03-01 08:00"),
        "signup_closes_at": at("2011-03-19 18:00"),
        "place": "教学楼 A101",
        "whole_tenant": True,
        **fields,
    }
    return ActivityData(**data)


def make_activity(
    campaign: Campaign, unit: Unit, actor: Any, *, publish: bool = True, **fields: Any
) -> Activity:
    activity = activity_create(campaign=campaign, unit=unit, data=activity_data(**fields), actor=actor)
    if publish:
        activity = activity_publish(activity=activity, actor=actor)
    return activity


def login_of(member: Member) -> User:
    """The member's own login, made on first use: signing up and scanning the check-in code are the
    member's own acts, so the services take the member's login as the actor."""
    user_id = Member.objects.filter(pk=member.pk).values_list("user_id", flat=True).first()
    if user_id is not None:
        return User.objects.get(pk=user_id)
    return make_user(member)


def more_activities(campaign: Campaign, base: Activity, unit: Unit, n: int) -> list[Activity]:
    """``n`` published whole-school trainings 培训0… of ``unit`` at ``base``'s times, in one query (for
    the query-count tests)."""
    times = ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at")
    return Activity.objects.bulk_create(
        Activity(
            tenant_id=campaign.tenant_id,
            campaign=campaign,
            unit=unit,
            kind="training",
            title=f"培训{i}",
            whole_tenant=True,
            status="published",
            **{name: getattr(base, name) for name in times},
        )
        for i in range(n)
    )
