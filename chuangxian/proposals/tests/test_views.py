"""The proposal pages: who reaches which, forms reporting every problem, escaping, and a fixed number
of queries on the lists whatever their size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.proposals.models import Proposal, Status
from chuangxian.proposals.services import ProposalData
from chuangxian.proposals.tests.factories import DATA, answered, assigned, drafted, submitted
from tests.template_queries import queries_in_templates


def _count(client, url):
    with CaptureQueriesContext(connection) as queries, queries_in_templates() as in_templates:
        assert client.get(url).status_code == 200
    assert not in_templates, in_templates
    return len(queries)


def test_a_representative_drafts_and_every_problem_is_reported_at_once(client, world):
    client.force_login(world.proposer)
    url = reverse("proposals:new", args=[world.session.pk])
    page = client.post(url, {"title": "", "category": "", "reasons": "", "suggestions": ""})
    assert page.status_code == 400 and page.text.count("必填") >= 4
    done = client.post(
        url, {"title": "<script>x</script>", "category": "other", "reasons": "理由", "suggestions": "建议"}
    )
    proposal = Proposal.objects.get()
    assert done.status_code == 302 and done.url == reverse("proposals:detail", args=[proposal.pk])
    detail = client.get(done.url).text
    assert "&lt;script&gt;x&lt;/script&gt;" in detail and "<script>x</script>" not in detail


def test_a_draft_is_seen_only_by_its_proposer_and_the_invited(client, world, personas):
    proposal = drafted(world)
    url = reverse("proposals:detail", args=[proposal.pk])
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(personas.office)
    assert client.get(url).status_code == 404
    assert client.get(reverse("proposals:edit", args=[proposal.pk])).status_code == 404
    client.force_login(world.proposer)
    assert client.get(url).status_code == 200
    client.force_login(world.outsider)
    assert client.get(reverse("proposals:new", args=[world.session.pk])).status_code == 404


def test_the_committee_decides_on_the_page_and_a_refusal_is_shown(client, world, personas):
    proposal = submitted(world)
    client.force_login(personas.office)
    url = reverse("proposals:decide", args=[proposal.pk])
    page = client.post(url, {"decision": "reject", "note": ""})
    assert page.status_code == 400 and "请写明理由" in page.text
    assert client.post(url, {"decision": "accept"}).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.number) == (Status.ACCEPTED, 1)


def test_the_proposal_pages_read_a_fixed_number_of_queries(client, world, personas):
    counts = []
    for n in (1, 5):
        for i in range(n):
            answered(world, ProposalData(f"提案{n}-{i}", "理由", "建议", "other"))
            assigned(world, DATA)
        client.force_login(personas.office)
        session_count = _count(client, reverse("proposals:session", args=[world.session.pk]))
        proposal = Proposal.objects.filter(status=Status.ANSWERED).last()
        detail_count = _count(client, reverse("proposals:detail", args=[proposal.pk]))
        client.force_login(world.handler)
        mine_count = _count(client, reverse("proposals:mine"))
        client.force_login(world.proposer)
        own_count = _count(client, reverse("proposals:mine"))
        counts.append((session_count, detail_count, mine_count, own_count))
    assert counts[0] == counts[1], counts


def test_the_export_lists_submitted_proposals_only(world, personas):
    from chuangxian.exports.tests.helpers import export_file, rows

    answered(world)
    drafted(world, ProposalData("草稿提案", "理由", "建议", "other"))
    result = export_file(personas.office, "proposals.session", {"session": world.session.pk})
    titles = [r[1] for r in rows(result.content)]
    assert titles == [DATA.title]


def test_the_home_page_lists_a_representatives_and_a_handlers_proposal_to_dos(client, tree, world, personas):
    from chuangxian.campaigns.tests.factories import make_campaign
    from chuangxian.proposals.services import cosigners_invite
    from chuangxian.proposals.tests.factories import member_of

    make_campaign(tree.tenant)
    invited = drafted(world)
    cosigners_invite(proposal=invited, members=[member_of(world.cosigners[0])], actor=world.proposer)
    handled = assigned(world)
    client.force_login(world.cosigners[0])
    page = client.get(reverse("home")).text
    assert f"确认是否附议提案：{invited.title}" in page and "作为教代会代表" not in page
    client.force_login(world.handler)
    assert f"答复提案：{handled.title}" in client.get(reverse("home")).text
    submitted(world, ProposalData("待审查的提案", "理由", "建议", "other"))
    client.force_login(personas.office)
    assert "审查提案：待审查的提案" in client.get(reverse("home")).text


def test_the_office_drafts_the_handling_report_as_an_official_notice(client, world, personas):
    from chuangxian.documents.models import Notice

    url = reverse("proposals:report", args=[world.session.pk])
    client.force_login(personas.office)
    empty = client.post(url, {"doc_prefix": "泉师院工", "issuing_office": "校工会"})
    assert empty.status_code == 400 and "还没有立案的提案" in empty.text
    answered(world)
    done = client.post(url, {"doc_prefix": "泉师院工", "issuing_office": "校工会"})
    notice = Notice.objects.get(tenant_id=world.session.tenant_id)
    assert done.status_code == 302 and "提案办理情况的报告" in notice.title
    assert "第 1 号 关于改善青年教师住房条件的提案" in notice.body and "B 类" in notice.body
    client.force_login(personas.chair)
    assert client.get(url).status_code == 404
