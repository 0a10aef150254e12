"""The awards' pages: the results (who sees which certificate links), the announcement form, the
certificates (access, escaping), the template with its preview, the exemplars, the winners' notice
draft, honours on the member's, unit's and project's pages, and the bounded queries."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.awards.certificate import Wording, page_for
from chuangxian.awards.models import Award, CertificateTemplate
from chuangxian.awards.services import award_exemplar_set
from chuangxian.awards.tests.factories import announce_all, final_selection
from chuangxian.core.actors import SYSTEM
from chuangxian.documents.models import Notice
from chuangxian.exports.registry import exporter
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.selections.models import EntryStatus


@pytest.fixture
def announced(final):
    selection, _entries = final
    return selection, announce_all(selection)


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_results_show_the_winners_to_everyone_of_the_school_and_404_elsewhere(client, personas, announced):
    selection, awards = announced
    url = reverse("awards:results", args=[selection.pk])
    page = _get(client, personas.sibling_chair, url).content.decode()
    assert "林老师" in page and "文学与传播学院" in page and "优秀工会工作者" in page
    assert reverse("awards:certificate", args=[awards[1].pk]) not in page  # not their unit's
    assert _get(client, personas.other_office, url).status_code == 404


def test_certificate_links_for_the_unit_the_office_and_the_winner_in_person(client, personas, announced):
    selection, awards = announced
    url = reverse("awards:results", args=[selection.pk])
    own = reverse("awards:certificate", args=[awards[0].pk])  # the member persona's
    colleague = reverse("awards:certificate", args=[awards[1].pk])
    member_page = _get(client, personas.member, url).content.decode()
    assert own in member_page and colleague not in member_page
    chair_page = _get(client, personas.chair, url).content.decode()
    assert own in chair_page and colleague in chair_page
    office_page = _get(client, personas.office, url).content.decode()
    assert reverse("awards:announce", args=[selection.pk]) in office_page


def test_a_certificate_is_a_pdf_for_who_may_see_it_and_404_for_others(client, personas, announced):
    _selection, awards = announced
    url = reverse("awards:certificate", args=[awards[1].pk])
    response = _get(client, personas.chair, url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert _get(client, personas.member, url).status_code == 404  # a colleague's
    assert _get(client, personas.sibling_chair, url).status_code == 404
    assert (
        _get(client, personas.member, reverse("awards:certificate", args=[awards[0].pk])).status_code == 200
    )


def test_the_batch_is_one_pdf_with_a_page_per_winner_the_requester_may_see(client, personas, announced):
    import io

    from pypdf import PdfReader

    selection, _awards = announced
    url = reverse("awards:certificates", args=[selection.pk])
    response = _get(client, personas.office, url)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape, in points
    mine = _get(client, personas.member, url)
    assert len(PdfReader(io.BytesIO(mine.content)).pages) == 1
    assert _get(client, personas.sibling_chair, url).status_code == 404


def test_user_text_is_escaped_in_the_certificate_html(tree, campaign, personas):
    name = "<script>alert(1)</script>"
    selection, _entries = final_selection(
        tree.tenant, campaign, [(tree.college, MemberFactory(unit=tree.college, name=name))], title="转义"
    )
    (award,) = announce_all(selection)
    wording = Wording(
        title="<b>证书</b>",
        body="{姓名}：<i>{荣誉}</i>",
        union_name="工会",
        signature="<u>x</u>",
        date_format="cn",
    )
    page = page_for(
        wording,
        name=award.name,
        honour=award.honour,
        unit_name=award.unit_name,
        awarded_on=award.awarded_on,
        number="1",
    )
    html = render_to_string("awards/print/certificates.html", {"pages": [page]})
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "<i>" not in html and "<u>" not in html


def test_announce_form_ticks_everyone_by_default_and_announces_the_ticked(client, personas, final):
    selection, entries = final
    url = reverse("awards:announce", args=[selection.pk])
    page = _get(client, personas.office, url).content.decode()
    assert page.count("checked") == 3
    response = client.post(url, {"entries": [entries[0].pk, entries[2].pk], "awarded_on": "2012-07-01"})
    assert response.status_code == 302
    assert sorted(
        Award.objects.filter(tenant_id=selection.tenant_id).values_list("entry_id", flat=True)
    ) == sorted([entries[0].pk, entries[2].pk])
    assert _get(client, personas.chair, url).status_code == 404


def test_announce_form_reports_every_problem_at_once(client, personas, final):
    selection, _entries = final
    client.force_login(personas.office)
    response = client.post(reverse("awards:announce", args=[selection.pk]), {"awarded_on": "x"})
    page = response.content.decode()
    assert "请至少勾选一个获奖对象" in page and "日期" in page
    assert not Award.objects.filter(tenant_id=selection.tenant_id).exists()


def test_template_page_previews_without_saving_then_saves(client, personas, tree):
    url = reverse("awards:template")
    client.force_login(personas.office)
    page = client.get(url).content.decode()
    assert "荣誉证书" in page and "张三" in page
    data = {
        "title": "奖状",
        "body": "{姓名}荣获{荣誉}",
        "union_name": "某校工会",
        "signature": "{工会名称}",
        "date_format": "iso",
    }
    preview = client.post(url, {**data, "preview": "1"}).content.decode()
    assert "张三荣获优秀工会工作者" in preview and "某校工会" in preview
    assert not CertificateTemplate.objects.filter(tenant_id=tree.tenant.pk).exists()
    assert client.post(url, data).status_code == 302
    assert CertificateTemplate.objects.get(tenant_id=tree.tenant.pk).title == "奖状"
    bad = client.post(url, {**data, "title": "", "body": "{奖项}", "signature": "{落款人}"}).content.decode()
    assert "无法识别的占位符：{奖项}" in bad and "{落款人}" in bad and "这个字段是必填项" in bad
    assert _get(client, personas.chair, url).status_code == 404


def test_the_office_toggles_an_exemplar_and_the_list_shows_it(client, personas, announced):
    _selection, awards = announced
    client.force_login(personas.office)
    client.post(reverse("awards:exemplar", args=[awards[1].pk]), {"exemplar": "on"})
    assert Award.objects.get(pk=awards[1].pk).exemplar
    page = _get(client, personas.member, reverse("awards:exemplars")).content.decode()
    assert "林老师" in page and "郑老师" not in page
    assert "林老师" not in _get(client, personas.member, reverse("awards:exemplars"), q="郑").content.decode()
    client.force_login(personas.office)
    client.post(reverse("awards:exemplar", args=[awards[1].pk]))
    assert not Award.objects.get(pk=awards[1].pk).exemplar


def test_the_winners_notice_draft_opens_in_the_documents_editor(client, personas, announced):
    selection, _awards = announced
    client.force_login(personas.office)
    response = client.post(
        reverse("awards:notice", args=[selection.pk]), {"doc_prefix": "泉师院工", "issuing_office": "校工会"}
    )
    notice = Notice.objects.get(tenant_id=selection.tenant_id)
    assert response.status_code == 302 and response["Location"] == reverse(
        "documents:notice_edit", args=[notice.pk]
    )
    assert "郑老师" in notice.body


def test_honours_on_the_members_and_units_and_projects_pages(client, personas, announced, tree, campaign):
    _selection, awards = announced
    page = _get(client, personas.office, reverse("orgs:member_detail", args=[awards[1].entry.member_id]))
    assert 'data-testid="honours"' in page.content.decode() and "优秀工会工作者" in page.content.decode()
    import time_machine

    from chuangxian.projects.services import project_create
    from chuangxian.projects.tests.conftest import IN_PHASE_2, data_for
    from chuangxian.selections.models import Stage
    from chuangxian.selections.services import selection_advance
    from chuangxian.selections.tests.factories import make_selection, make_type, nominate

    unit_type = make_type(
        tree.tenant, name="模范职工之家", entry_kind="unit", stages=(Stage.NOMINATION, Stage.FINAL)
    )
    project_type = make_type(
        tree.tenant, name="优秀项目", entry_kind="project", stages=(Stage.NOMINATION, Stage.FINAL)
    )
    with time_machine.travel(IN_PHASE_2, tick=False):
        project = project_create(
            unit=tree.college, campaign=campaign, data=data_for(campaign, personas.chair_row), actor=SYSTEM
        )
    for kind, candidate in ((unit_type, tree.college), (project_type, project)):
        selection = make_selection(campaign, kind, title=kind.name)
        nominate(selection, tree.college, candidate)
        announce_all(selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM))
    unit_page = _get(
        client, personas.office, reverse("orgs:unit_detail", args=[tree.college.pk])
    ).content.decode()
    assert "模范职工之家" in unit_page
    project_page = _get(
        client, personas.office, reverse("projects:detail", args=[project.pk])
    ).content.decode()
    assert "优秀项目" in project_page


def _winners(tree, campaign, n, title):
    members = [MemberFactory(unit=tree.college) for _ in range(n)]
    selection, _entries = final_selection(
        tree.tenant, campaign, [(tree.college, m) for m in members], title=title
    )
    awards = announce_all(selection)
    for award in awards:
        award_exemplar_set(award=award, exemplar=True, actor=SYSTEM)
    return selection


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_results_and_exemplars_make_the_same_queries_at_two_sizes(client, personas, tree, campaign):
    client.force_login(personas.chair)
    small = _winners(tree, campaign, 2, "小")
    small_counts = (
        _count(client, reverse("awards:results", args=[small.pk])),
        _count(client, reverse("awards:exemplars")),
    )
    large = _winners(tree, campaign, 12, "大")
    large_counts = (
        _count(client, reverse("awards:results", args=[large.pk])),
        _count(client, reverse("awards:exemplars")),
    )
    assert small_counts == large_counts


def test_the_results_export_lists_the_winners(personas, announced):
    selection, _awards = announced
    results = exporter("awards.results")
    assert results is not None
    objs = results.resolve(personas.member, {"selection": selection.pk})
    assert results.may_run(personas.member, **objs)
    rows = list(results.rows(personas.member, **objs))
    assert [row[0] for row in rows] == [
        a.certificate_no for a in Award.objects.filter(tenant_id=selection.tenant_id).order_by("number")
    ]
    assert {row[1] for row in rows} >= {"林老师", "郑老师"}
    assert not results.may_run(personas.other_office, **objs)


def test_entries_are_awarded(announced):
    selection, _awards = announced
    assert {
        a.entry.status for a in Award.objects.filter(tenant_id=selection.tenant_id).select_related("entry")
    } == {EntryStatus.AWARDED}


def test_no_awards_page_queries_from_its_template(client, personas, announced):
    from tests.template_queries import queries_in_templates

    selection, awards = announced
    award_exemplar_set(award=awards[0], exemplar=True, actor=SYSTEM)
    client.force_login(personas.office)
    for url in (
        reverse("awards:results", args=[selection.pk]),
        reverse("awards:announce", args=[selection.pk]),
        reverse("awards:notice", args=[selection.pk]),
        reverse("awards:template"),
        reverse("awards:exemplars"),
        reverse("orgs:member_detail", args=[awards[0].entry.member_id]),
    ):
        with queries_in_templates() as queries:
            assert client.get(url).status_code == 200
        assert not queries, (url, queries)


def test_the_certificate_template_link_is_offered_only_where_it_opens(client, personas, announced):
    """The office of the school gets the link to its template; whoever else may see the results
    (and may not open that page) does not."""
    selection, _awards = announced
    url = reverse("awards:results", args=[selection.pk])
    template = reverse("awards:template")
    for user, shown in ((personas.office, True), (personas.member, False), (personas.admin, False)):
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 404:
            assert not shown
            continue
        assert (template in response.text) is shown, user
        if shown:
            assert client.get(template).status_code == 200
