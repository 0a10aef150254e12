"""The unit's pledge wall as Excel (openpyxl) and as a printable PDF (WeasyPrint, Noto CJK fonts)."""

import io
from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.orgs.models import Unit
from chuangxian.pledges.models import Pledge
from chuangxian.pledges.selectors import pledge_wall


def wall_pledges(*, unit: Unit, campaign: Campaign) -> list[Pledge]:
    return list(pledge_wall(unit=unit, campaign=campaign))


def wall_xlsx(*, unit: Unit, campaign: Campaign) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("承诺墙")
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
    sheet.append([f"{unit.name} · {campaign.title}"])
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for pledge in wall_pledges(unit=unit, campaign=campaign):
        sheet.append(
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
        )
    for column, width in zip("ABCDEFGHI", (16, 12, 10, 10, 50, 12, 36, 14, 10), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row[1].number_format = "@"  # staff numbers stay text
        row[5].number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def wall_pdf(*, unit: Unit, campaign: Campaign, printed_on: date) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    context = {
        "unit": unit,
        "campaign": campaign,
        "pledges": wall_pledges(unit=unit, campaign=campaign),
        "printed_on": printed_on,
    }
    font_config = FontConfiguration()
    css = CSS(string=render_to_string("pledges/print/wall.css", context), font_config=font_config)
    html = HTML(string=render_to_string("pledges/print/wall.html", context))
    pdf: bytes = html.write_pdf(stylesheets=[css], font_config=font_config)
    return pdf
