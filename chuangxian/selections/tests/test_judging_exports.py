"""A panel's scores as an export: every judge's sheet with a column per rubric item, and the
results; for the office only; a bounded number of queries."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
)
from chuangxian.selections.models import Entry
from chuangxian.selections.tests.factories_judging import (
    judge,
    make_panel,
    score,
    scoring_selection,
    to_scoring,
)


def _scored(tree, campaign, n=1):
    selection = scoring_selection(campaign, [tree.sibling] + [tree.library] * n, title=f"评选{n}")
    users = [judge(tree.root, f"评委{n}-{i}") for i in range(n + 1)]
    panel = make_panel(selection, [member for _user, member in users])
    to_scoring(selection)
    entries = list(Entry.objects.filter(tenant_id=tree.tenant.pk, selection=selection).order_by("pk"))
    for user, _member in users:
        for entry in entries:
            score(panel, entry, user, "50", "30.5")
    return panel


def test_the_office_exports_every_judges_marks_and_the_results(tree, personas, campaign):
    panel = _scored(tree, campaign)
    result = export_file(personas.office, "selections.scores", {"panel": panel.pk})
    assert header(result.content)[:3] == ("评委", "评委单位", "参评对象")
    assert header(result.content)[-2:] == ("事迹材料（0–60）", "现场陈述（10–40）")
    first = rows(result.content)[0]
    assert (
        first[0].startswith("评委1-")
        and first[4] == "已提交"
        and first[6] == 80.5
        and first[-2:] == (50, 30.5)
    )
    results = list(load_workbook(BytesIO(result.content))["评分结果"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[3]) for r in results] == [(1, 80.5), (1, 80.5)]


def test_only_the_office_may(client, personas, tree, campaign):
    panel = _scored(tree, campaign)
    for user in (personas.chair, personas.member, personas.other_office):
        assert_refused(user, "selections.scores", {"panel": panel.pk}, client=client)


def test_the_panel_page_links_the_export(client, personas, tree, campaign):
    panel = _scored(tree, campaign)
    client.force_login(personas.office)
    page = client.get(reverse("selections:panel", args=[panel.pk])).content.decode()
    link = f"{reverse('exports:run', args=['selections.scores', 'xlsx'])}?panel={panel.pk}"
    assert_link_gives_the_file(client, page, link)


def test_the_export_reads_a_bounded_number_of_queries(
    django_assert_max_num_queries, tree, personas, campaign
):
    for n in (1, 5):
        export_in_queries(
            django_assert_max_num_queries,
            14,
            personas.office,
            "selections.scores",
            {"panel": _scored(tree, campaign, n).pk},
        )
