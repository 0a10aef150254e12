"""Coverage as an Excel workbook (the ``coverage.unit`` export): the figures per unit, who is
missing, and units without a project.

The member sheet streams the drill-down query (one query however many members), so an export of a
whole tenant stays within a fixed number of queries.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.coverage.permissions import can_view_coverage
from chuangxian.coverage.selectors import CoverageRow, Missing, coverage_report, missing_members
from chuangxian.exports.registry import Column, Exporter, Kind, SheetSpec, fetch_param
from chuangxian.orgs.models import Unit
from chuangxian.pledges.models import PledgeStatus


def _yes(flag: bool) -> str:
    return _("是") if flag else _("否")


def _unit_row(row: CoverageRow) -> list[Any]:
    figures = row.figures
    name = _("%(unit)s（本级）") % {"unit": row.unit.name} if row.own_members_only else row.unit.name
    return [
        name,
        row.unit.get_category_display(),
        figures.members,
        row.projects,
        _yes(row.project_met) if row.owes_project else "—",
        figures.pledged,
        figures.pledge_percent,
        row.target.pledge_percent,
        figures.attended,
        figures.activity_percent,
        row.target.activity_percent,
        figures.complete,
    ]


def _member_rows(campaign: Campaign, unit: Unit) -> Iterator[list[Any]]:
    labels = dict(PledgeStatus.choices)
    member: Any
    for member in missing_members(campaign, unit, Missing.ANY).iterator(chunk_size=2000):
        owes = []
        if not member.has_pledge:
            owes.append(_("承诺"))
        if not member.has_attended:
            owes.append(_("活动"))
        yield [
            member.unit.name,
            member.staff_no,
            member.name,
            str(labels.get(member.pledge_status, _("未填写"))),
            _yes(member.has_attended),
            _yes(member.signed_up),
            "、".join(owes),
        ]


UNIT_COLUMNS = (
    Column(gettext_lazy("单位"), width=30),
    Column(gettext_lazy("类别"), width=10),
    Column(gettext_lazy("会员数"), Kind.NUMBER),
    Column(gettext_lazy("项目数"), Kind.NUMBER),
    Column(gettext_lazy("项目达标")),
    Column(gettext_lazy("已公示承诺"), Kind.NUMBER),
    Column(gettext_lazy("承诺覆盖率"), Kind.PERCENT),
    Column(gettext_lazy("承诺目标"), Kind.PERCENT),
    Column(gettext_lazy("已参加活动"), Kind.NUMBER),
    Column(gettext_lazy("活动覆盖率"), Kind.PERCENT),
    Column(gettext_lazy("活动目标"), Kind.PERCENT),
    Column(gettext_lazy("承诺与活动均完成"), Kind.NUMBER),
)
MEMBER_COLUMNS = (
    Column(gettext_lazy("单位"), width=30),
    Column(gettext_lazy("工号"), Kind.ID, width=14),
    Column(gettext_lazy("姓名"), width=12),
    Column(gettext_lazy("承诺状态"), width=16),
    Column(gettext_lazy("已参加活动")),
    Column(gettext_lazy("已报名活动")),
    Column(gettext_lazy("尚缺"), width=12),
)
PROJECT_COLUMNS = (
    Column(gettext_lazy("单位"), width=30),
    Column(gettext_lazy("类别"), width=10),
    Column(gettext_lazy("已登记项目"), Kind.NUMBER),
    Column(gettext_lazy("目标项目数"), Kind.NUMBER),
)


class CoverageExporter(Exporter):
    """A unit's coverage (the unit and its subtree) in a campaign: the figures per unit, the members
    still missing a pledge or an activity, the units short of projects. For whoever may view the
    unit's coverage."""

    name = "coverage.unit"
    label = gettext_lazy("参与覆盖情况")
    formats = ("xlsx",)

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        unit = fetch_param(actor, Unit.objects.all(), params.get("unit"))
        campaign = fetch_param(actor, Campaign.objects.all(), params.get("campaign"))
        if campaign.tenant_id != unit.tenant_id:
            raise Refused(_("找不到要导出的记录，或您没有导出它的权限。"), code="not_found")
        return {"unit": unit, "campaign": campaign}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_coverage(actor, objs["unit"])

    def title(self, **objs: Any) -> str:
        return f"{objs['campaign'].title} · {objs['unit'].name}"

    def count(self, actor: Actor, **objs: Any) -> int:
        return missing_members(objs["campaign"], objs["unit"], Missing.ANY).count()

    def sheets(self, actor: Actor, **objs: Any) -> list[SheetSpec]:
        campaign, unit = objs["campaign"], objs["unit"]
        report = coverage_report(campaign, unit)
        return [
            SheetSpec(
                _("各单位覆盖情况"),
                UNIT_COLUMNS,
                [*(_unit_row(row) for row in report.rows), [_("合计"), "", *_unit_row(report.total)[2:]]],
            ),
            SheetSpec(_("未完成的会员"), MEMBER_COLUMNS, _member_rows(campaign, unit)),
            SheetSpec(
                _("项目未达标的单位"),
                PROJECT_COLUMNS,
                [
                    [row.unit.name, row.unit.get_category_display(), row.projects, row.target.projects]
                    for row in report.units_without_project
                ],
            ),
        ]
