"""Coverage as an Excel workbook: the figures per unit, who is missing, and units without a project.

The member sheet streams the drill-down query (one query however many members), so an export of a
whole tenant stays within a fixed number of queries.
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.core.xlsx import Sheet, workbook_bytes
from chuangxian.coverage.selectors import CoverageRow, Missing, coverage_report, missing_members
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


def coverage_xlsx(campaign: Campaign, unit: Unit) -> bytes:
    report = coverage_report(campaign, unit)
    caption = f"{campaign.title} · {unit.name}"
    unit_headers = [
        _("单位"),
        _("类别"),
        _("会员数"),
        _("项目数"),
        _("项目达标"),
        _("已公示承诺"),
        _("承诺覆盖率（%）"),
        _("承诺目标（%）"),
        _("已参加活动"),
        _("活动覆盖率（%）"),
        _("活动目标（%）"),
        _("承诺与活动均完成"),
    ]
    return workbook_bytes(
        [
            Sheet(
                title=_("各单位覆盖情况"),
                caption=caption,
                headers=unit_headers,
                rows=[
                    *(_unit_row(row) for row in report.rows),
                    [_("合计"), "", *_unit_row(report.total)[2:]],
                ],
                widths=(24, 10, 8, 8, 8, 10, 12, 12, 10, 12, 12, 14),
            ),
            Sheet(
                title=_("未完成的会员"),
                caption=caption,
                headers=[
                    _("单位"),
                    _("工号"),
                    _("姓名"),
                    _("承诺状态"),
                    _("已参加活动"),
                    _("已报名活动"),
                    _("尚缺"),
                ],
                rows=_member_rows(campaign, unit),
                widths=(24, 12, 10, 16, 10, 10, 12),
                text_columns=frozenset({1}),
            ),
            Sheet(
                title=_("项目未达标的单位"),
                caption=caption,
                headers=[_("单位"), _("类别"), _("已登记项目"), _("目标项目数")],
                rows=[
                    [row.unit.name, row.unit.get_category_display(), row.projects, row.target.projects]
                    for row in report.units_without_project
                ],
                widths=(24, 10, 12, 12),
            ),
        ]
    )
