"""What the scores and the committee decide: a panel's places, the committee's decision on each entry
(all or none, eligibility re-checked), the stage's exit checks and the entries removed as it is left."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import MemberStatus
from chuangxian.selections.models import Entry, EntryStatus, Stage
from chuangxian.selections.selectors_committee import committee_rows
from chuangxian.selections.services import SelectionError, selection_advance, tie_decide
from chuangxian.selections.services.committee import CommitteeVote, committee_decide
from chuangxian.selections.tests.factories_judging import judge, make_panel, score, scoring_selection

STAGES = (Stage.NOMINATION, Stage.SCORING, Stage.COMMITTEE, Stage.FINAL)


def _entries(selection, tree):
    by_unit = {
        e.nominating_unit_id: e for e in Entry.objects.filter(tenant_id=tree.tenant.pk, selection=selection)
    }
    return by_unit[tree.college.pk], by_unit[tree.sibling.pk], by_unit[tree.library.pk]


@pytest.fixture
def scored(tree, campaign):
    """Three entries scored by one judge of the school union: college 90, sibling 80, library 70."""
    selection = scoring_selection(campaign, [tree.college, tree.sibling, tree.library])
    selection.stages = list(STAGES)
    selection.save(update_fields=["stages"])
    user, member = judge(tree.root, "校工会评委")
    return selection, user, member


def _score_all(selection, panel, user, tree, values=("60", "30", "50", "30", "40", "30")):
    college, sibling, library = _entries(selection, tree)
    score(panel, college, user, *values[0:2])
    score(panel, sibling, user, *values[2:4])
    score(panel, library, user, *values[4:6])


def _advance(selection, stage):
    return selection_advance(selection=selection, from_stage=stage, actor=SYSTEM)


def test_leaving_scoring_removes_the_entries_outside_the_panels_places(scored, tree):
    selection, user, member = scored
    panel = make_panel(selection, [member], advance_count=2)
    _advance(selection, Stage.NOMINATION)
    _score_all(selection, panel, user, tree)
    _advance(selection, Stage.SCORING)
    college, sibling, library = (Entry.objects.get(pk=e.pk) for e in _entries(selection, tree))
    assert [college.status, sibling.status] == [EntryStatus.NOMINATED, EntryStatus.NOMINATED]
    assert library.status == EntryStatus.REMOVED
    assert library.removed_reason == "评委评审未入选（第一评审组第 3 名，入选 2 名）"


def test_without_places_the_scores_remove_nobody(scored, tree):
    selection, user, member = scored
    panel = make_panel(selection, [member])
    _advance(selection, Stage.NOMINATION)
    _score_all(selection, panel, user, tree)
    _advance(selection, Stage.SCORING)
    assert Entry.objects.filter(selection=selection, status=EntryStatus.REMOVED).count() == 0


def test_a_tie_across_the_cut_keeps_the_stage_until_the_committee_orders_it(scored, tree):
    selection, user, member = scored
    panel = make_panel(selection, [member], advance_count=1)
    _advance(selection, Stage.NOMINATION)
    _score_all(selection, panel, user, tree, values=("60", "30", "60", "30", "40", "30"))
    with pytest.raises(SelectionError) as refused:
        _advance(selection, Stage.SCORING)
    assert refused.value.code == "tie_at_cut"
    college, sibling, _library = _entries(selection, tree)
    assert college.candidate_name in refused.value.message and sibling.candidate_name in refused.value.message
    tie_decide(panel=panel, order=[sibling.pk, college.pk], note="评审会议表决", actor=SYSTEM)
    _advance(selection, Stage.SCORING)
    statuses = dict(Entry.objects.filter(selection=selection).values_list("pk", "status"))
    assert statuses[sibling.pk] == EntryStatus.NOMINATED
    assert statuses[college.pk] == EntryStatus.REMOVED


def test_an_entry_in_no_panel_keeps_the_scoring_stage(scored, tree):
    selection, user, member = scored
    panel = make_panel(selection, [member])
    _college, _sibling, library = _entries(selection, tree)
    panel.entries.filter(entry=library).delete()
    _advance(selection, Stage.NOMINATION)
    college, sibling, _library = _entries(selection, tree)
    score(panel, college, user, "60", "30")
    score(panel, sibling, user, "50", "30")
    with pytest.raises(SelectionError) as refused:
        _advance(selection, Stage.SCORING)
    assert refused.value.code == "unassigned" and library.candidate_name in refused.value.message


@pytest.fixture
def at_committee(scored, tree):
    selection, user, member = scored
    panel = make_panel(selection, [member])
    _advance(selection, Stage.NOMINATION)
    _score_all(selection, panel, user, tree)
    return _advance(selection, Stage.SCORING)


def test_the_committee_page_rows_show_each_entrys_place(at_committee, tree):
    rows = {row.entry.nominating_unit_id: row for row in committee_rows(at_committee)}
    assert rows[tree.college.pk].placing.rank == 1 and rows[tree.library.pk].placing.rank == 3
    assert str(rows[tree.sibling.pk].placing.score) == "80.00"


def test_the_committee_decides_and_leaving_removes_those_it_did_not_agree_to(at_committee, tree):
    selection = at_committee
    college, sibling, library = _entries(selection, tree)
    with pytest.raises(SelectionError) as refused:
        _advance(selection, Stage.COMMITTEE)
    assert refused.value.code == "committee_pending"
    changed = committee_decide(
        selection=selection,
        votes={
            college.pk: CommitteeVote("agree"),
            sibling.pk: CommitteeVote("agree"),
            library.pk: CommitteeVote("disagree", "事迹材料不实"),
        },
        actor=SYSTEM,
    )
    assert changed == 3
    assert AuditEntry.objects.filter(action="selections.selection.committee_decided").count() == 1
    _advance(selection, Stage.COMMITTEE)
    library.refresh_from_db()
    college.refresh_from_db()
    assert (
        library.status == EntryStatus.REMOVED and library.removed_reason == "评审委员会未通过：事迹材料不实"
    )
    assert college.status == EntryStatus.NOMINATED and college.committee_decision == "agree"


def test_one_bad_decision_writes_none_and_every_problem_is_told(at_committee, tree):
    selection = at_committee
    college, sibling, library = _entries(selection, tree)
    college.member.status = MemberStatus.RETIRED
    college.member.save(update_fields=["status"])
    selection.type.rule_in_post = True
    selection.type.save(update_fields=["rule_in_post"])
    with pytest.raises(SelectionError) as refused:
        committee_decide(
            selection=selection,
            votes={
                college.pk: CommitteeVote("agree"),
                sibling.pk: CommitteeVote("disagree", "  "),
                library.pk: CommitteeVote("agree"),
            },
            actor=SYSTEM,
        )
    assert "不符合评选条件" in refused.value.message and college.candidate_name in refused.value.message
    assert "不同意时请写明理由" in refused.value.message
    assert not Entry.objects.filter(selection=selection).exclude(committee_decision="").exists()


def test_only_the_office_decides_and_only_at_the_committee_stage(at_committee, tree, personas):
    selection = at_committee
    college, _sibling, _library = _entries(selection, tree)
    with pytest.raises(Refused):
        committee_decide(
            selection=selection, votes={college.pk: CommitteeVote("agree")}, actor=personas.chair
        )
    _advance_all = committee_decide(
        selection=selection,
        votes={e.pk: CommitteeVote("agree") for e in _entries(selection, tree)},
        actor=SYSTEM,
    )
    assert _advance_all == 3
    _advance(selection, Stage.COMMITTEE)
    with pytest.raises(SelectionError) as refused:
        committee_decide(
            selection=selection, votes={college.pk: CommitteeVote("disagree", "x")}, actor=SYSTEM
        )
    assert refused.value.code == "wrong_stage"


def _committee_world(tree, campaign, n, title):
    """A selection at its committee stage: n + 2 entries (the college, the sibling, n of the library,
    each a member the library nominates) scored by one judge of the school union, a panel of 1 place."""
    selection = scoring_selection(campaign, [tree.college, tree.sibling] + [tree.library] * n, title=title)
    selection.stages = list(STAGES)
    selection.save(update_fields=["stages"])
    user, member = judge(tree.root, f"{title}评委")
    panel = make_panel(selection, [member])
    _advance(selection, Stage.NOMINATION)
    for entry in Entry.objects.filter(tenant_id=tree.tenant.pk, selection=selection):
        score(panel, entry, user, str(30 + entry.pk % 29), "30")
    return _advance(selection, Stage.SCORING)


def test_the_office_records_the_committees_decisions_on_its_page(client, personas, tree, campaign):
    selection = _committee_world(tree, campaign, 0, "页面评选")
    college, sibling = (
        Entry.objects.get(selection=selection, nominating_unit=unit) for unit in (tree.college, tree.sibling)
    )
    url = reverse("selections:committee", args=[selection.pk])
    client.force_login(personas.chair)
    assert client.get(url).status_code == 404
    client.force_login(personas.office)
    page = client.get(url)
    assert (
        page.status_code == 200
        and college.candidate_name in page.text
        and "还有 2 个推荐对象未登记意见" in page.text
    )
    assert "评审委员会审定" in client.get(reverse("selections:detail", args=[selection.pk])).text
    refused = client.post(url, {f"decision_{college.pk}": "agree", f"decision_{sibling.pk}": "disagree"})
    assert refused.status_code == 400 and "不同意时请写明理由" in refused.text
    assert not Entry.objects.filter(selection=selection).exclude(committee_decision="").exists()
    done = client.post(
        url,
        {
            f"decision_{college.pk}": "agree",
            f"decision_{sibling.pk}": "disagree",
            f"note_{sibling.pk}": "<b>材料不实</b>",
        },
    )
    assert done.status_code == 302
    sibling.refresh_from_db()
    assert sibling.committee_decision == "disagree"
    entry_page = client.get(reverse("selections:entry", args=[sibling.pk])).text
    assert "&lt;b&gt;材料不实&lt;/b&gt;" in entry_page and "<b>材料不实" not in entry_page


def test_the_committee_page_reads_a_fixed_number_of_queries(client, personas, tree, campaign):
    client.force_login(personas.office)
    counts = []
    for n in (1, 6):
        selection = _committee_world(tree, campaign, n, f"评选{n}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("selections:committee", args=[selection.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_judge_who_chairs_the_entrys_unit_is_recused_on_the_board_and_refused_at_the_sheet(tree, campaign):
    from chuangxian.core.errors import Refused as Refusal
    from chuangxian.core.roles import Role
    from chuangxian.orgs.models import RoleAssignment
    from chuangxian.selections.selectors_scoring import board

    selection = scoring_selection(campaign, [tree.college, tree.sibling], title="回避评选")
    user, member = judge(tree.library, "图书馆评委")
    RoleAssignment.objects.create(tenant=tree.tenant, member=member, unit=tree.group, role=Role.LIAISON)
    panel = make_panel(selection, [member])
    _advance(selection, Stage.NOMINATION)
    college = Entry.objects.get(selection=selection, nominating_unit=tree.college)
    row = panel.entries.get(entry=college)
    assert "担任职务" in board(panel).recused[member.pk, row.pk]
    with pytest.raises(Refusal) as refused:
        score(panel, college, user, "50", "30")
    assert refused.value.code == "recused"


def test_an_agreed_entry_that_fails_a_rule_since_keeps_the_committee_stage(at_committee, tree):
    selection = at_committee
    entries = _entries(selection, tree)
    committee_decide(selection=selection, votes={e.pk: CommitteeVote("agree") for e in entries}, actor=SYSTEM)
    college = entries[0]
    college.member.status = MemberStatus.RETIRED
    college.member.save(update_fields=["status"])
    selection.type.rule_in_post = True
    selection.type.save(update_fields=["rule_in_post"])
    with pytest.raises(SelectionError) as refused:
        _advance(selection, Stage.COMMITTEE)
    assert refused.value.code == "ineligible_agreed" and college.candidate_name in refused.value.message
