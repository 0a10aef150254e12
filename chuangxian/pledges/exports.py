"""The unit's pledge wall as Excel (openpyxl) and as a printable PDF (WeasyPrint, Noto CJK fonts)."""

from datetime import date

from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.core.pdf import render_pdf
from chuangxian.core.xlsx import Sheet, workbook_bytes
from chuangxian.orgs.models import Unit
from chuangxian.pledges.models import Pledge
from chuangxian.pledges.selectors import pledge_wall


def wall_pledges(*, unit: Unit, campaign: Campaign) -> list[Pledge]:
    return list(pledge_wall(unit=unit, campaign=campaign))


def wall_xlsx(*, unit: Unit, campaign: Campaign) -> bytes:
    rows = (
        [
            pledge.unit.name,
            pledge.member.staff_no,
            pledge.member.name,
            pledge.get_type_display(),
            pledge.content,
            pledge.due_on,
            pledge.check_standard,
            pledge.get_status_display(),
            getattr(pledge, "progress_count", 0),
        ]
        for pledge in wall_pledges(unit=unit, campaign=campaign)
    )
    headers = [
        _("单位"),
        _("工号"),
        _("姓名"),
        _("承诺类型"),
        _("承诺内容"),
        _("完成时限"),
        _("检验标准"),
        _("状态"),
        _("践诺次数"),
    ]
    sheet = Sheet(
        title=_("承诺墙"),
        caption=f"{unit.name} · {campaign.title}",
        headers=headers,
        rows=rows,
        widths=(16, 12, 10, 10, 50, 12, 36, 14, 10),
        text_columns=frozenset({1}),  # staff numbers stay text
        date_columns=frozenset({5}),
        wrap=True,
    )
    return workbook_bytes([sheet])


def wall_pdf(*, unit: Unit, campaign: Campaign, printed_on: date) -> bytes:
    context = {
        "unit": unit,
        "campaign": campaign,
        "pledges": wall_pledges(unit=unit, campaign=campaign),
        "printed_on": printed_on,
    }
    return render_pdf(
        html_template="pledges/print/wall.html", css_template="pledges/print/wall.css", context=context
    )
