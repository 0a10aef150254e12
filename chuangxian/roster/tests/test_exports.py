"""The roster import template on the registry (``roster.template``, issue 13): written by the one
Excel writer with the school's units in its drop-down; for the school's office only; the page's URL
and the generic one; a query count that does not grow with units."""

import io

import openpyxl
import pytest
from django.urls import reverse

from chuangxian.exports.tests.helpers import assert_refused, export_file, export_in_queries, run_url
from chuangxian.orgs.tests.factories import make_unit

NAME = "roster.template"


def _units(content: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook["单位列表"].sheet_state == "hidden"
    return [c.value for c in workbook["单位列表"]["A"]]


def test_the_template_lists_the_offices_own_units(tree, personas):
    result = export_file(personas.office, NAME)
    assert result.filename.startswith("名册导入模板")
    workbook = openpyxl.load_workbook(io.BytesIO(result.content))
    assert workbook.sheetnames[:2] == ["名册", "单位列表"] and "填写说明" in workbook.sheetnames
    assert workbook["名册"].max_row == 1 and workbook["名册"].freeze_panes == "A2"
    assert workbook["名册"].column_dimensions["F"].number_format == "yyyy-mm-dd"  # 出生日期
    strict = [v for v in workbook["名册"].data_validations.dataValidation if v.showErrorMessage]
    assert {str(v.sqref) for v in strict} == {"E2:E5001", "G2:G5001", "H2:H5001", "L2:L5001"}
    notes = list(workbook["填写说明"].iter_rows(min_row=2, values_only=True))
    assert notes[0] == ("列名", "填写要求", "示例") and notes[1][0] == "工号*"
    units = _units(result.content)
    assert "文学与传播学院" in units and "外校学院" not in units
    other = export_file(personas.other_office, NAME)
    assert "外校学院" in _units(other.content) and "文学与传播学院" not in _units(other.content)


@pytest.mark.parametrize("persona", ["chair", "leader", "member", "admin"])
def test_the_template_is_refused_to_all_but_an_office(tree, personas, persona):
    assert_refused(getattr(personas, persona), NAME)


def test_the_template_urls(client, tree, personas):
    client.force_login(personas.office)
    response = client.get(reverse("roster:template"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert client.get(run_url(NAME)).status_code == 200
    assert client.get(run_url(NAME, "csv")).status_code == 400
    client.force_login(personas.chair)
    assert client.get(reverse("roster:template")).status_code == 404
    assert_refused(personas.chair, NAME, client=client, status=(403,))


@pytest.mark.parametrize("n", [1, 80])
def test_query_count_does_not_grow_with_units(tree, personas, django_assert_max_num_queries, n):
    for i in range(n):
        make_unit(tree.tenant, f"部门{i}", tree.root)
    result = export_in_queries(django_assert_max_num_queries, 4, personas.office, NAME)
    assert f"部门{n - 1}" in _units(result.content)
