"""The home page's to-dos of selections: nominate, record the party's opinion, review."""

from chuangxian.campaigns.todos import todos_for
from chuangxian.core.actors import SYSTEM
from chuangxian.selections.models import Stage
from chuangxian.selections.services import entry_party_review, selection_advance
from chuangxian.selections.tests.factories import make_selection, make_type, nominate, pdf


def _titles(user, campaign):
    return [item.title for item in todos_for(user, campaign)]


def test_the_units_officers_are_told_to_nominate_until_they_have(tree, personas, campaign, colleagues):
    selection = make_selection(campaign, make_type(tree.tenant, quota_min=1, quota_max=2))
    todo = f"评选推荐：{selection.title}"
    assert todo in _titles(personas.chair, campaign)
    assert todo in _titles(personas.liaison, campaign)
    [item] = [i for i in todos_for(personas.chair, campaign) if i.title == todo]
    assert item.due == selection.nomination_ends_on and "文学与传播学院" in item.detail
    assert todo not in _titles(personas.member, campaign)
    nominate(selection, tree.college, colleagues[0])
    assert todo not in _titles(personas.chair, campaign)


def test_the_party_opinion_and_the_first_review_are_to_dos(tree, personas, campaign, selection, colleagues):
    entry = nominate(selection, tree.college, colleagues[0])
    selection = selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    assert f"登记党组织意见：{selection.title}" in _titles(personas.chair, campaign)
    entry_party_review(
        entry=entry, decision="agree", note="", opinion=pdf(), opinion_name="意见.pdf", actor=SYSTEM
    )
    assert f"登记党组织意见：{selection.title}" not in _titles(personas.chair, campaign)
    selection_advance(selection=selection, from_stage=Stage.PARTY_REVIEW, actor=SYSTEM)
    assert f"初审：{selection.title}" in _titles(personas.office, campaign)
    assert f"初审：{selection.title}" not in _titles(personas.chair, campaign)
