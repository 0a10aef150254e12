"""The democratic recommendation's question belongs to the selection: the voting engine's draft page
refuses to delete it, in Chinese, instead of failing."""

import pytest

from chuangxian.core.actors import SYSTEM
from chuangxian.selections.models_poll import PollCandidate
from chuangxian.selections.tests.factories_poll import make_selection_poll, poll_selection, to_poll
from chuangxian.voting import services as voting
from chuangxian.voting.models import Question


def test_the_recommendations_question_cannot_be_deleted_on_the_voting_page(tree, campaign):
    selection, _entries = poll_selection(campaign, [(tree.college, "张老师"), (tree.sibling, "王老师")])
    standing = make_selection_poll(to_poll(selection), [tree.college, tree.sibling], 1)
    question = Question.objects.get(poll=standing.poll)
    with pytest.raises(voting.VotingError) as refused:
        voting.question_remove(question=question, actor=SYSTEM)
    assert refused.value.code == "question_in_use" and "民主推荐" in refused.value.message
    assert Question.objects.filter(pk=question.pk).exists()
    assert PollCandidate.objects.filter(selection_poll=standing).count() == 2
