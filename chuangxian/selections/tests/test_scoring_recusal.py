"""Recusal through the unit tree (``selections/scoring/recusal.py``): a judge of the entry's unit or
of any unit below it is recused, with the reason in Chinese; one above or beside it is not."""

from dataclasses import dataclass

import pytest

from chuangxian.orgs.models import Unit
from chuangxian.selections.scoring import STEPLEN, recusal_reason, recusals, within


@dataclass(frozen=True)
class U:
    path: str
    name: str


SCHOOL = U("0001", "校工会")
COLLEGE = U("00010002", "文学与传播学院")
GROUP = U("000100020001", "中文系工会小组")
SUBGROUP = U("0001000200010001", "古代文学教研室小组")
SIBLING = U("00010003", "数学与计算机科学学院")
LOOKALIKE = U("00010020", "图书馆")  # "0001002" is a prefix of both paths, but it is no subtree


def test_the_step_is_the_unit_trees():
    assert Unit.steplen == STEPLEN


def test_a_judge_of_the_entrys_own_unit_is_recused():
    assert (
        recusal_reason(judge_unit=COLLEGE, entry_unit=COLLEGE)
        == "评委与参评对象同属“文学与传播学院”，须回避。"
    )


@pytest.mark.parametrize("judge_unit", [GROUP, SUBGROUP])
def test_a_judge_of_a_unit_anywhere_below_the_entrys_is_recused(judge_unit):
    reason = recusal_reason(judge_unit=judge_unit, entry_unit=COLLEGE)
    assert reason == f"评委所在的“{judge_unit.name}”隶属于参评对象所在的“文学与传播学院”，须回避。"


@pytest.mark.parametrize("judge_unit", [SCHOOL, SIBLING, LOOKALIKE, U("0002", "外校工会"), None])
def test_a_judge_above_beside_or_outside_the_entrys_unit_scores_it(judge_unit):
    assert recusal_reason(judge_unit=judge_unit, entry_unit=COLLEGE) is None


def test_an_entry_of_a_group_is_not_recused_from_its_colleges_judge():
    assert recusal_reason(judge_unit=COLLEGE, entry_unit=GROUP) is None
    assert recusal_reason(judge_unit=GROUP, entry_unit=LOOKALIKE) is None


def test_within_follows_steps_not_characters():
    assert within("000100020001", "00010002")
    assert within("00010002", "00010002")
    assert not within("00010020", "00010002")
    assert not within("00010002", "000100020001")
    assert within("0102", "01", steplen=2) and not within("0201", "01", steplen=2)


@pytest.mark.parametrize(
    ("path", "ancestor"), [("000100021", "00010002"), ("00010002", "0001000"), ("", "0001")]
)
def test_a_path_that_is_not_whole_steps_is_refused_not_guessed(path, ancestor):
    # "0001.0002" against "0001.00021" in dotted notation: such a path cannot be a unit's here.
    with pytest.raises(ValueError, match="not a unit path"):
        within(path, ancestor)


def test_a_panels_recusals_list_every_pair_with_its_reason():
    judges = {"张评委": GROUP, "李评委": SCHOOL, "王评委": SIBLING, "外请专家": None}
    entries = {1: COLLEGE, 2: SIBLING, 3: LOOKALIKE}
    assert recusals(judges=judges, entries=entries) == {
        ("张评委", 1): "评委所在的“中文系工会小组”隶属于参评对象所在的“文学与传播学院”，须回避。",
        ("王评委", 2): "评委与参评对象同属“数学与计算机科学学院”，须回避。",
    }


def test_a_unit_row_serves_as_a_unit():
    college = Unit(path="00010002", name="文学与传播学院", depth=2)
    group = Unit(path="000100020001", name="中文系工会小组", depth=3)
    assert recusal_reason(judge_unit=group, entry_unit=college) is not None
    assert recusal_reason(judge_unit=college, entry_unit=group) is None


def test_a_judge_holding_a_role_in_the_entrys_unit_or_below_is_recused_wherever_they_are_a_member():
    reason = recusal_reason(judge_unit=SIBLING, entry_unit=COLLEGE, role_units=[SCHOOL, GROUP])
    assert reason == "评委在“中文系工会小组”担任职务，该单位属于参评对象所在的“文学与传播学院”，须回避。"
    assert recusal_reason(judge_unit=SIBLING, entry_unit=COLLEGE, role_units=[SCHOOL, LOOKALIKE]) is None
    pairs = recusals(judges={"j": SIBLING, "k": SIBLING}, entries={"e": COLLEGE}, roles={"j": [COLLEGE]})
    assert list(pairs) == [("j", "e")]
