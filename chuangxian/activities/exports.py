"""Activities as exports: the activities a person organises (``activities.organised``, the list
page's 我组织的 tab with its filters) and one activity's sign-ups and attendance
(``activities.signups``, the organise page's roster), both for the organisers: the same who-may-see
as the pages (``can_organise_in``, ``can_manage_activity``); and a member's own tabs
(``activities.mine``: 我的活动, 正在报名, 全部可参加) for the member."""

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.activities.models import Activity, ActivityKind, ActivityStatus, RegistrationStatus
from chuangxian.activities.permissions import can_manage_activity
from chuangxian.activities.selectors import (
    MEMBER_TABS,
    activities_of_member_tab,
    activities_organised_in,
    activity_roster,
)
from chuangxian.core.actors import Actor
from chuangxian.core.checkin.models import AttendanceMethod
from chuangxian.core.filters import ListFilter
from chuangxian.core.roles import Capability
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for, scope_for

FILTER_KEYS = ("kind", "status", "unit")


def _choice(value: Any, choices: Any) -> str:
    value = str(value or "")
    return value if value in {str(c) for c in choices.values} else ""


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# The columns both activity lists begin with, and their cells (``_activity_cells``).
ACTIVITY_COLUMNS = (
    Column(gettext_lazy("活动名称"), width=30),
    Column(gettext_lazy("活动类型"), width=12),
    Column(gettext_lazy("主办单位"), width=24),
    Column(gettext_lazy("开始时间"), Kind.DATETIME),
    Column(gettext_lazy("结束时间"), Kind.DATETIME),
    Column(gettext_lazy("地点"), width=20),
)


def _activity_cells(a: Activity) -> tuple[Any, ...]:
    return (a.title, a.get_kind_display(), a.unit.name, a.starts_at, a.ends_at, a.place)


def _list_filter(actor: Actor, params: Mapping[str, Any], *, status: bool = True) -> dict[str, Any]:
    """The list page's filters from the params: ``q``, ``kind``, ``status`` (where drafts show),
    ``unit`` (the organiser's subtree, fetched within the actor's tenant), ``start``/``end``."""
    unit = fetch_param(actor, Unit.objects.all(), params["unit"]) if params.get("unit") else None
    filters = ListFilter(
        q=str(params.get("q") or "").strip()[:100],
        values={
            "kind": _choice(params.get("kind"), ActivityKind),
            "status": _choice(params.get("status"), ActivityStatus) if status else "",
            "unit": str(unit.pk) if unit is not None else "",
        },
        start=_day(params.get("start")),
        end=_day(params.get("end")),
    )
    return {"unit": unit, "filters": filters}


class OrganisedExporter(Exporter):
    """The activities organised by the units the actor manages (drafts included), newest first,
    narrowed like the page: ``q``, ``kind``, ``status``, ``unit`` (a unit's subtree), ``start``/``end``."""

    name = "activities.organised"
    label = gettext_lazy("活动")
    formats = ("xlsx", "csv")
    columns = (
        *ACTIVITY_COLUMNS,
        Column(gettext_lazy("状态"), width=10),
        Column(gettext_lazy("人数上限"), Kind.NUMBER, width=10),
        Column(gettext_lazy("已报名"), Kind.NUMBER, width=10),
        Column(gettext_lazy("候补"), Kind.NUMBER, width=8),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        return _list_filter(actor, params)

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        # The page's tab is for whoever organises somewhere (``can_organise_in`` some unit: the manage
        # scope); a ``unit`` filter narrows the rows to that scope, as on the page.
        return not scope_for(actor, Capability.MANAGE).is_empty()

    def tenant_id(self, actor: Actor, **objs: Any) -> int | None:
        unit = objs.get("unit")
        return unit.tenant_id if unit is not None else scope_for(actor, Capability.MANAGE).tenant_id

    def title(self, **objs: Any) -> str:
        unit = objs.get("unit")
        return _("%(unit)s组织的活动") % {"unit": unit.name} if unit is not None else _("我组织的活动")

    def _activities(self, actor: Actor, **objs: Any) -> Any:
        return activities_organised_in(scope_for(actor, Capability.MANAGE), filters=objs["filters"])

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(self._activities(actor, **objs).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        for a in self._activities(actor, **objs).iterator(chunk_size=2000):
            yield (
                *_activity_cells(a),
                a.get_status_display(),
                a.capacity,
                a.confirmed,
                a.waitlisted,
            )


class SignupsExporter(Exporter):
    """One activity's sign-ups (confirmed, then the waiting list in order) and walk-ins, with who
    attended and how, for whoever manages the activity."""

    name = "activities.signups"
    label = gettext_lazy("报名和出席")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("工号"), Kind.ID, width=14),
        Column(gettext_lazy("姓名"), width=12),
        Column(gettext_lazy("单位"), width=24),
        Column(gettext_lazy("报名状态"), width=10),
        Column(gettext_lazy("候补顺序"), Kind.NUMBER, width=10),
        Column(gettext_lazy("出席"), width=8),
        Column(gettext_lazy("签到方式"), width=10),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        activity = fetch_param(actor, Activity.objects.select_related("unit"), params.get("activity"))
        return {"activity": activity}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_manage_activity(actor, objs["activity"])

    def title(self, **objs: Any) -> str:
        return _("%(title)s · 报名和出席") % {"title": objs["activity"].title}

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        statuses = dict(RegistrationStatus.choices)
        methods = dict(AttendanceMethod.choices)
        for row in activity_roster(objs["activity"]):
            yield (
                row.member.staff_no,
                row.member.name,
                row.member.unit.name,
                str(statuses.get(row.status, _("未报名"))),
                row.rank,
                _("是") if row.attended else _("否"),
                str(methods.get(row.method, "")),
            )


class MemberActivitiesExporter(Exporter):
    """A member's own tab of the activity list, with the page's filters: ``tab=mine`` (default) the
    activities they signed up for or attended, newest first; ``open`` and ``all`` the published
    activities they are invited to (open for sign-up now; all), soonest first. For the member only:
    whoever has no member record has no such tabs."""

    name = "activities.mine"
    label = gettext_lazy("我的活动")
    formats = ("xlsx", "csv")
    columns = (
        *ACTIVITY_COLUMNS,
        Column(gettext_lazy("报名截止"), Kind.DATETIME),
        Column(gettext_lazy("人数上限"), Kind.NUMBER, width=10),
        Column(gettext_lazy("已报名"), Kind.NUMBER, width=10),
        Column(gettext_lazy("我的报名"), width=10),
        Column(gettext_lazy("已出席"), width=8),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        tab = str(params.get("tab") or "mine")
        return {
            **_list_filter(actor, params, status=False),
            "member": member_for(actor),
            "tab": tab if tab in MEMBER_TABS else "mine",
        }

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return objs["member"] is not None

    def tenant_id(self, actor: Actor, **objs: Any) -> int | None:
        return int(objs["member"].tenant_id) if objs["member"] is not None else actor.tenant_id

    def title(self, **objs: Any) -> str:
        titles = {"mine": _("我的活动"), "open": _("正在报名的活动"), "all": _("全部可参加的活动")}
        return _("%(title)s · %(name)s") % {"title": titles[objs["tab"]], "name": objs["member"].name}

    def _activities(self, **objs: Any) -> Any:
        return activities_of_member_tab(objs["member"], objs["tab"], filters=objs["filters"])

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(self._activities(**objs).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        statuses = dict(RegistrationStatus.choices)
        for a in self._activities(**objs).iterator(chunk_size=2000):
            attended = getattr(a, "attended", None)
            yield (
                *_activity_cells(a),
                a.signup_closes_at,
                a.capacity,
                a.confirmed,
                str(statuses.get(a.my_status, _("未报名"))),
                "" if attended is None else (_("是") if attended else _("否")),
            )
