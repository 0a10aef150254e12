"""Selections through their services: types, the stages of a run (each move, and the forbidden
ones), nominations within the quota, the party organisation's opinion and the office's first review."""

from datetime import date, timedelta

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import DomainError, Refused
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.projects.services import project_create
from chuangxian.projects.tests.conftest import IN_PHASE_2, data_for
from chuangxian.review.models import Revision
from chuangxian.selections.models import (
    EntryFile,
    EntryStatus,
    FilePurpose,
    SelectionStatus,
    SelectionType,
    Stage,
)
from chuangxian.selections.services import (
    DEFAULT_TYPES,
    SelectionError,
    entry_nominate,
    entry_withdraw,
    member_record_set,
    selection_advance,
    selection_open,
    selection_stage_set,
    selection_type_create,
    selection_type_update,
    selection_types_seed,
    selection_update,
)
from chuangxian.selections.tests.factories import (
    make_selection,
    make_type,
    nominate,
    percent_data,
    type_data,
)

# --- types -------------------------------------------------------------------------------------------


def test_the_office_creates_a_type(tree, personas):
    item = selection_type_create(
        tenant=tree.tenant, data=type_data(rule_cadre_years=3), actor=personas.office
    )
    assert item.stages == ["nomination", "party_review", "office_review", "notice", "final"]
    assert AuditEntry.objects.filter(action="selections.type.created").count() == 1


def test_a_chair_may_not_create_a_type(tree, personas):
    with pytest.raises(Refused):
        selection_type_create(tenant=tree.tenant, data=type_data(), actor=personas.chair)


def test_a_bad_type_is_refused_with_every_problem_at_once(tree):
    data = type_data(
        name=" ",
        entry_kind="project",
        stages=("office_review", "nomination"),
        rule_in_post=True,
        quota_max=None,
    )
    with pytest.raises(SelectionError) as error:
        selection_type_create(tenant=tree.tenant, data=data, actor=SYSTEM)
    assert error.value.code == "name_required"
    for sentence in (
        "请填写评选名称",
        "规定顺序",
        "必须包括：结果公布",
        "只适用于推荐个人",
        "最多推荐的数量",
    ):
        assert sentence in error.value.message
    assert not SelectionType.objects.filter(tenant=tree.tenant).exists()


def test_a_percentage_type_needs_its_percentage(tree):
    with pytest.raises(SelectionError) as error:
        selection_type_create(tenant=tree.tenant, data=percent_data("0"), actor=SYSTEM)
    assert error.value.code == "bad_percent"


def test_the_kind_of_a_type_in_use_cannot_change(tree, campaign, member_type):
    make_selection(campaign, member_type)
    with pytest.raises(SelectionError) as error:
        selection_type_update(selection_type=member_type, data=type_data(entry_kind="unit"), actor=SYSTEM)
    assert error.value.code == "kind_in_use"
    renamed = selection_type_update(
        selection_type=member_type, data=type_data(name="优秀工会干部"), actor=SYSTEM
    )
    assert renamed.name == "优秀工会干部"


def test_the_seeds_six_types_are_added_once(tree, personas):
    added = selection_types_seed(tenant=tree.tenant, actor=personas.office)
    assert [t.name for t in added] == [d.name for d in DEFAULT_TYPES]
    assert {t.entry_kind for t in added} == {"project", "member", "unit"}
    assert selection_types_seed(tenant=tree.tenant, actor=personas.office) == []
    projects = SelectionType.objects.get(tenant=tree.tenant, name="创先争优优秀项目")
    assert (projects.quota_min, projects.quota_max) == (1, 2)


# --- stages ------------------------------------------------------------------------------------------


def test_a_selection_copies_its_types_stages_and_opens_at_the_nomination(campaign, member_type):
    selection = make_selection(campaign, member_type, open_it=False)
    assert selection.status == SelectionStatus.DRAFT and selection.stage == ""
    member_type.stages = ["nomination", "final"]
    member_type.save()
    selection = selection_open(selection=selection, actor=SYSTEM)
    assert selection.stage == Stage.NOMINATION
    assert selection.stages == ["nomination", "party_review", "office_review", "notice", "final"]
    with pytest.raises(SelectionError) as error:
        selection_open(selection=selection, actor=SYSTEM)
    assert error.value.code == "not_draft"


def test_advance_walks_the_stages_one_by_one_to_the_end(selection):
    """Every stage one after the other; the public notice is left only by its confirmation after the
    period (publicnotice's exit check), so here the office moves on from it with a reason."""
    seen = [selection.stage]
    while selection.stage != Stage.FINAL:
        if selection.stage == Stage.NOTICE:
            with pytest.raises(DomainError) as refused:
                selection_advance(selection=selection, from_stage=Stage.NOTICE, actor=SYSTEM)
            assert refused.value.code == "use_finalise"
            selection = selection_stage_set(
                selection=selection, stage=Stage.FINAL, reason="测试：跳过公示", actor=SYSTEM
            )
        else:
            selection = selection_advance(selection=selection, from_stage=selection.stage, actor=SYSTEM)
        seen.append(selection.stage)
    assert seen == selection.stages
    assert selection.status == SelectionStatus.FINISHED
    with pytest.raises(SelectionError) as error:
        selection_advance(selection=selection, from_stage=Stage.FINAL, actor=SYSTEM)
    assert error.value.code == "not_open"


def test_advance_from_a_stage_already_left_is_refused_so_no_stage_is_skipped(selection):
    selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    with pytest.raises(SelectionError) as error:  # a second click on the page showing 单位推荐
        selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    assert error.value.code == "stage_changed"
    selection.refresh_from_db()
    assert selection.stage == Stage.PARTY_REVIEW


def test_only_the_office_moves_stages(selection, personas):
    for actor in (personas.chair, personas.leader, personas.other_office):
        with pytest.raises(Refused):
            selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=actor)
        with pytest.raises(Refused):
            selection_stage_set(selection=selection, stage=Stage.NOTICE, reason="加快", actor=actor)
    selection.refresh_from_db()
    assert selection.stage == Stage.NOMINATION


def test_the_office_skips_or_goes_back_only_with_a_reason_and_it_is_audited(selection, personas):
    with pytest.raises(SelectionError) as error:
        selection_stage_set(selection=selection, stage=Stage.NOTICE, reason="  ", actor=personas.office)
    assert error.value.code == "reason_required"
    selection = selection_stage_set(
        selection=selection, stage=Stage.OFFICE_REVIEW, reason="党委已集中审核", actor=personas.office
    )
    assert selection.stage == Stage.OFFICE_REVIEW
    selection = selection_stage_set(
        selection=selection, stage=Stage.NOMINATION, reason="延长推荐", actor=personas.office
    )
    assert selection.stage == Stage.NOMINATION
    entries = AuditEntry.objects.filter(action="selections.selection.stage_set").order_by("id")
    assert [(e.data["direction"], e.data["reason"]) for e in entries] == [
        ("forward", "党委已集中审核"),
        ("back", "延长推荐"),
    ]
    for stage, code in ((Stage.NOMINATION, "same_stage"), (Stage.SCORING, "bad_stage")):
        with pytest.raises(SelectionError) as error:
            selection_stage_set(selection=selection, stage=stage, reason="x", actor=personas.office)
        assert error.value.code == code


def test_a_draft_cannot_be_moved(campaign, member_type):
    draft = make_selection(campaign, member_type, open_it=False)
    with pytest.raises(SelectionError) as error:
        selection_stage_set(selection=draft, stage=Stage.NOTICE, reason="x", actor=SYSTEM)
    assert error.value.code == "not_started"
    with pytest.raises(SelectionError) as error:
        selection_advance(selection=draft, from_stage="", actor=SYSTEM)
    assert error.value.code == "not_open"


# --- nominations -----------------------------------------------------------------------------------


def test_a_chair_nominates_a_member_of_the_unit_with_the_minutes(tree, personas, selection, colleagues):
    entry = nominate(selection, tree.college, colleagues[2], actor=personas.chair)  # from the group below
    assert entry.status == EntryStatus.NOMINATED
    assert entry.candidate_name == "吴老师（中文系工会小组）"
    [minutes] = EntryFile.objects.filter(entry=entry)
    assert minutes.purpose == FilePurpose.MINUTES and minutes.original_name == "会议纪要.pdf"
    assert Revision.objects.filter(subject_id=entry.pk, subject_type="selections.entry").count() == 1
    assert AuditEntry.objects.get(action="selections.entry.nominated").unit_path == tree.college.path


def test_no_nomination_for_another_unit_or_from_it(tree, personas, selection, colleagues):
    with pytest.raises(Refused):
        nominate(selection, tree.college, colleagues[0], actor=personas.sibling_chair)
    outsider = MemberFactory(unit=tree.sibling)
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, outsider, actor=personas.chair)
    assert error.value.code == "not_own_unit"
    with pytest.raises(SelectionError) as error:  # a 工会小组 nominates through its 二级工会
        nominate(selection, tree.group, colleagues[2], actor=personas.chair)
    assert error.value.code == "not_nominating_unit"


def test_a_nomination_over_the_quota_is_refused_with_its_arithmetic(tree, campaign, colleagues):
    selection_type = selection_type_create(
        tenant=tree.tenant, data=percent_data("10", name="先进个人"), actor=SYSTEM
    )
    selection = make_selection(campaign, selection_type)
    # 文学与传播学院: its 3 colleagues, with a 4th member who has left → 3 active × 10% = 0.3 → 0
    MemberFactory(unit=tree.college, status=MemberStatus.LEFT)
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, colleagues[0])
    assert error.value.code == "quota_full"
    assert error.value.message.startswith("本单位在职会员 3 人 × 10% = 0.3，按四舍五入为 0 名，已推荐 0 名。")


def test_the_fixed_quota_counts_active_entries_only(tree, selection, colleagues):
    first = nominate(selection, tree.college, colleagues[0])
    nominate(selection, tree.college, colleagues[1])
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, colleagues[2])
    assert error.value.code == "quota_full"
    assert error.value.message.startswith("每个单位最多推荐 2 名，已推荐 2 名。")
    entry_withdraw(entry=first, actor=SYSTEM)
    assert nominate(selection, tree.college, colleagues[2]).status == EntryStatus.NOMINATED


def test_an_ineligible_nominee_is_refused_with_the_rule_that_excludes_them(tree, campaign, colleagues):
    selection_type = make_type(tree.tenant, name="优秀工会干部", rule_in_post=True, rule_cadre_years=3)
    selection = make_selection(campaign, selection_type)
    retired = MemberFactory(unit=tree.college, name="退休老师", status=MemberStatus.RETIRED)
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, retired)
    assert error.value.code == "ineligible"
    assert "退休老师不是在职会员" in error.value.message
    assert "没有登记从事工会工作的起始日期" in error.value.message
    member_record_set(
        member=colleagues[0],
        union_work_since=clock.today() - timedelta(days=365 * 2),
        disciplined=False,
        discipline_note="",
        actor=SYSTEM,
    )
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, colleagues[0])
    assert "不足“从事工会工作满 3 年”" in error.value.message
    member_record_set(
        member=colleagues[0],
        union_work_since=date(2001, 9, 1),
        disciplined=False,
        discipline_note="",
        actor=SYSTEM,
    )
    assert nominate(selection, tree.college, colleagues[0]).status == EntryStatus.NOMINATED


def test_the_disciplinary_rule_reads_the_offices_record(tree, campaign, colleagues):
    selection_type = make_type(tree.tenant, name="劳动模范推荐", rule_no_discipline=True)
    selection = make_selection(campaign, selection_type)
    member_record_set(
        member=colleagues[0],
        union_work_since=None,
        disciplined=True,
        discipline_note="2011年警告",
        actor=SYSTEM,
    )
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, colleagues[0])
    assert "处分记录" in error.value.message


def test_the_honour_already_held_in_the_campaign_excludes(tree, campaign, colleagues):
    selection_type = make_type(tree.tenant, name="先进工作者", rule_not_honoured=True)
    first = make_selection(campaign, selection_type, title="第一批")
    entry = nominate(first, tree.college, colleagues[0])
    entry.status = EntryStatus.AWARDED  # the final stage is later work: set by hand here
    entry.save()
    second = make_selection(campaign, selection_type, title="第二批")
    with pytest.raises(SelectionError) as error:
        nominate(second, tree.college, colleagues[0])
    assert "已获得过该荣誉" in error.value.message


def test_the_same_nominee_twice_is_refused(tree, selection, colleagues):
    nominate(selection, tree.college, colleagues[0])
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, colleagues[0])
    assert error.value.code == "duplicate"


def test_nominations_only_in_the_nomination_stage_and_before_the_deadline(tree, selection, colleagues):
    with time_machine.travel(selection.nomination_ends_on + timedelta(days=2)):
        with pytest.raises(SelectionError) as error:
            nominate(selection, tree.college, colleagues[0])
        assert error.value.code == "deadline_passed"
    selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, colleagues[0])
    assert error.value.code == "wrong_stage"


def test_minutes_and_a_summary_are_required(tree, selection, colleagues):
    with pytest.raises(SelectionError) as error:
        entry_nominate(
            selection=selection,
            unit=tree.college,
            candidate=colleagues[0],
            summary="x",
            minutes=None,
            actor=SYSTEM,
        )
    assert error.value.code == "minutes_required"
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, colleagues[0], summary=" ")
    assert error.value.code == "summary_required"


def test_a_candidate_of_another_kind_is_refused(tree, selection):
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, tree.group)
    assert error.value.code == "wrong_kind"


def test_the_office_extends_the_nomination_deadline(selection, personas):
    later = selection.nomination_ends_on + timedelta(days=10)
    selection = selection_update(
        selection=selection, title=selection.title, nomination_ends_on=later, actor=personas.office
    )
    assert selection.nomination_ends_on == later
    entry = AuditEntry.objects.get(action="selections.selection.updated")
    assert list(entry.changes) == ["nomination_ends_on"]
    with pytest.raises(Refused):
        selection_update(selection=selection, title="x", nomination_ends_on=later, actor=personas.chair)


def test_a_unit_nominates_its_projects_not_drafts_nor_another_campaigns(tree, personas, campaign):
    selection = make_selection(
        campaign, make_type(tree.tenant, name="优秀项目", entry_kind="project", quota_max=2)
    )
    other_campaign = make_campaign(tree.tenant)
    with time_machine.travel(IN_PHASE_2, tick=False):
        project = project_create(
            unit=tree.group, campaign=campaign, data=data_for(campaign, personas.member_row), actor=SYSTEM
        )
        draft = project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row, title="筹备项目", status="draft"),
            actor=SYSTEM,
        )
        elsewhere = project_create(
            unit=tree.college,
            campaign=other_campaign,
            data=data_for(other_campaign, personas.chair_row),
            actor=SYSTEM,
        )
    entry = nominate(selection, tree.college, project, actor=personas.chair)
    assert (entry.kind, entry.project, entry.candidate_name) == ("project", project, "师德讲堂")
    for candidate, code in ((draft, "draft_project"), (elsewhere, "other_campaign")):
        with pytest.raises(SelectionError) as error:
            nominate(selection, tree.college, candidate, actor=personas.chair)
        assert error.value.code == code


def test_a_unit_nominates_itself_or_a_group_below_it(tree, personas, campaign):
    selection = make_selection(
        campaign, make_type(tree.tenant, name="模范职工之家", entry_kind="unit", quota_max=2)
    )
    assert (
        nominate(selection, tree.college, tree.group, actor=personas.chair).candidate_name == "中文系工会小组"
    )
    assert nominate(selection, tree.college, tree.college, actor=personas.chair).unit == tree.college
    with pytest.raises(SelectionError) as error:
        nominate(selection, tree.college, tree.sibling, actor=personas.chair)
    assert error.value.code == "not_own_unit"


def test_the_nomination_stage_is_left_only_when_every_unit_has_its_minimum(
    tree, personas, campaign, colleagues
):
    from chuangxian.selections.services import selection_stage_set

    selection = make_selection(campaign, make_type(tree.tenant, name="至少一名", quota_min=1, quota_max=2))
    nominate(selection, tree.college, colleagues[0])
    with pytest.raises(SelectionError) as error:
        selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    assert error.value.code == "quota_short"
    assert "数学与计算机科学学院（至少 1，已推荐 0）" in error.value.message
    assert "文学与传播学院" not in error.value.message
    moved = selection_stage_set(
        selection=selection,
        stage=Stage.PARTY_REVIEW,
        reason="数计学院本年度无合适人选",
        actor=personas.office,
    )
    assert moved.stage == Stage.PARTY_REVIEW
