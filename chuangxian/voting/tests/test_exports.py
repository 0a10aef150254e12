import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run
from chuangxian.voting.models import Poll
from chuangxian.voting.tests.conftest import cast, opened, poll_created, poll_data


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_organiser_exports_turnout_and_never_a_ballot(tree, personas, voters, poll, voting_time):
    poll = opened(poll, personas.chair)
    cast(poll, voters[0][1], voters[0][0], picks=("王老师",))
    cast(poll, voters[1][1], voters[1][0], picks=("王老师",))
    result = export_run(actor=personas.chair, name="voting.polls", fmt="xlsx", params={})
    assert isinstance(result, ExportFile)
    header, *rows = _rows(result.content)
    assert header == (
        "投票名称",
        "组织单位",
        "用途",
        "状态",
        "开始时间",
        "截止时间",
        "应到人数",
        "网上投票人数",
        "纸质投票人数",
        "参与率",
    )
    assert len(rows) == 1
    row = rows[0]
    assert row[0] == poll.title and row[1] == "文学与传播学院"
    assert (row[6], row[7], row[8]) == (poll.electorate_size, 2, 0)
    assert row[9] == pytest.approx(2 / poll.electorate_size, abs=0.001)
    text = repr(rows)
    for secret in ("王老师", "张老师", "投票人甲", "投票人乙"):
        assert secret not in text


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "other_office"])
def test_who_organises_no_poll_here_may_not_export(client, tree, personas, poll, persona):
    actor = getattr(personas, persona)
    for params in ({}, {"unit": tree.college.pk}):
        if persona != "member" and not params:
            continue  # they organise polls in their own unit or school: none of ours (test below)
        with pytest.raises(Refused):
            export_run(actor=actor, name="voting.polls", fmt="xlsx", params=params)
    client.force_login(actor)
    url = reverse("exports:run", args=["voting.polls", "xlsx"])
    assert client.get(url, {"unit": tree.college.pk}).status_code in (403, 404)


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_an_other_units_organiser_sees_none_of_ours(tree, personas, poll, persona):
    result = export_run(actor=getattr(personas, persona), name="voting.polls", fmt="xlsx", params={})
    assert isinstance(result, ExportFile) and result.rows == 0


def test_the_page_links_the_export_for_organisers_only(client, personas, poll):
    client.force_login(personas.chair)
    url = reverse("exports:run", args=["voting.polls", "xlsx"])
    assert url in client.get(reverse("voting:index")).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    client.force_login(personas.member)
    assert url not in client.get(reverse("voting:index")).content.decode()


@pytest.mark.parametrize("n", [2, 40])
def test_export_query_count_does_not_grow(tree, personas, poll, django_assert_max_num_queries, n):
    for i in range(n):
        poll_created(tree.college, poll_data(tree, title=f"投票{i}"), personas.chair)
    with django_assert_max_num_queries(8):
        result = export_run(actor=personas.chair, name="voting.polls", fmt="xlsx", params={})
    assert (
        isinstance(result, ExportFile)
        and result.rows == n + 1 == Poll.objects.filter(tenant=tree.tenant).count()
    )
