"""An export as LibreOffice Calc reads it: converted to ODS with soffice --headless, the cell types
survive (text staff numbers with their leading zeros, dates, percentages, numbers) and a formula-like
text stays text. `make browser` installs LibreOffice (Calc)."""

import re
import shutil
import subprocess
import zipfile

import pytest

from chuangxian.exports.services import ExportFile, export_run
from chuangxian.exports.tests.conftest import make_pledges
from chuangxian.orgs.models import Member
from chuangxian.pledges.models import Pledge

CELL = re.compile(r"<table:table-cell([^>]*)>(.*?)</table:table-cell>", re.S)
ATTR = re.compile(r'(office:[a-z-]+)="([^"]*)"')
TEXT = re.compile(r"<text:p>(.*?)</text:p>", re.S)


def _ods_rows(content: bytes, folder) -> list[list[dict[str, str]]]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: `make browser` installs it")
    source = folder / "export.xlsx"
    source.write_bytes(content)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "ods",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with zipfile.ZipFile(folder / "export.ods") as archive:
        xml = archive.read("content.xml").decode()
    rows = []
    for row in re.findall(r"<table:table-row[^>]*>(.*?)</table:table-row>", xml, re.S):
        cells = []
        for attrs, body in CELL.findall(row):
            cell = dict(ATTR.findall(attrs))
            cell["text"] = "".join(TEXT.findall(body))
            cells.append(cell)
        rows.append(cells)
    return rows


def test_the_pledge_wall_opens_in_libreoffice_with_its_types(tree, personas, campaign, wall, tmp_path):
    make_pledges(tree, campaign, 2)
    member = Member.objects.filter(tenant_id=tree.tenant.pk, pledges__isnull=False).order_by("pk").first()
    Member.objects.filter(pk=member.pk).update(staff_no="0012345")
    Pledge.objects.filter(member=member).update(content="=1+2")
    result = export_run(actor=personas.chair, name="pledges.wall", fmt="xlsx", params=wall)
    assert isinstance(result, ExportFile)
    rows = _ods_rows(result.content, tmp_path)
    assert "导出时间" in rows[0][0]["text"]
    assert [c["text"] for c in rows[1][:3]] == ["单位", "工号", "姓名"]
    data = {row[1]["text"]: row for row in rows[2:4]}
    row = data["0012345"]  # the leading zeros kept: a text cell
    assert row[1]["office:value-type"] == "string"
    assert row[4]["office:value-type"] == "string" and row[4]["text"] == "=1+2"  # not a formula
    assert row[5]["office:value-type"] == "date" and row[5]["office:date-value"].startswith("2011-07-01")
    assert row[8]["office:value-type"] == "float" and row[8]["office:value"] == "0"


def test_coverage_percentages_open_as_percentages(tree, personas, campaign, tmp_path):
    make_pledges(tree, campaign, 1)
    result = export_run(
        actor=personas.office,
        name="coverage.unit",
        fmt="xlsx",
        params={"unit": tree.college.pk, "campaign": campaign.pk},
    )
    assert isinstance(result, ExportFile)
    rows = _ods_rows(result.content, tmp_path)
    group = rows[3]  # 中文系工会小组: 2 members, 1 pledge published
    assert group[0]["text"] == "中文系工会小组"
    assert group[2]["office:value-type"] == "float" and group[2]["office:value"] == "2"  # 会员数
    pledged, target = group[6], group[7]  # 承诺覆盖率, 承诺目标
    assert pledged["office:value-type"] == "percentage" and pledged["office:value"] == "0.5"
    assert pledged["text"] == "50.0%"
    assert target["office:value-type"] == "percentage" and target["office:value"] == "1"
