"""The party organisation's opinion and the office's first review, and what leaving their stages
settles."""

import pytest

from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import MemberStatus
from chuangxian.review.models import Decision, Revision
from chuangxian.selections.models import EntryFile, EntryStatus, FilePurpose, Stage
from chuangxian.selections.services import (
    SelectionError,
    entry_office_review,
    entry_party_review,
    entry_resubmit,
    entry_withdraw,
    selection_advance,
    selection_stage_set,
)
from chuangxian.selections.tests.factories import nominate, pdf

# --- party review, office review ----------------------------------------------------------------------


def _in_party_review(selection, tree, colleagues):
    agreed = nominate(selection, tree.college, colleagues[0])
    refused = nominate(selection, tree.college, colleagues[1])
    selection = selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    return selection, agreed, refused


def _party(entry, decision, actor=SYSTEM, note=""):
    return entry_party_review(
        entry=entry, decision=decision, note=note, opinion=pdf(), opinion_name="党支部意见.pdf", actor=actor
    )


def test_the_party_review_needs_the_signed_opinion_and_a_note_to_disagree(
    tree, personas, selection, colleagues
):
    selection, agreed, _refused = _in_party_review(selection, tree, colleagues)
    with pytest.raises(SelectionError) as error:
        entry_party_review(entry=agreed, decision="disagree", note="", opinion=None, actor=personas.chair)
    assert error.value.code == "note_required"
    assert "签章" in error.value.message  # both problems at once
    with pytest.raises(Refused):
        _party(agreed, "agree", actor=personas.sibling_chair)
    entry = _party(agreed, "agree", actor=personas.chair)
    assert entry.party_decision == "agree"
    assert EntryFile.objects.filter(entry=entry, purpose=FilePurpose.PARTY_OPINION).count() == 1


def test_the_party_stage_is_left_only_when_every_entry_has_an_opinion(tree, selection, colleagues):
    selection, agreed, refused = _in_party_review(selection, tree, colleagues)
    _party(agreed, "agree")
    with pytest.raises(SelectionError) as error:
        selection_advance(selection=selection, from_stage=Stage.PARTY_REVIEW, actor=SYSTEM)
    assert error.value.code == "party_pending"
    assert "林老师" not in error.value.message and "郑老师" in error.value.message
    _party(refused, "disagree", note="群众反映较多")
    selection = selection_advance(selection=selection, from_stage=Stage.PARTY_REVIEW, actor=SYSTEM)
    refused.refresh_from_db()
    assert refused.status == EntryStatus.REMOVED and refused.removed_reason == "党组织不同意推荐"


def test_the_office_passes_or_returns_and_the_unit_resubmits(tree, personas, selection, colleagues):
    selection, agreed, refused = _in_party_review(selection, tree, colleagues)
    _party(agreed, "agree")
    _party(refused, "agree")
    selection = selection_advance(selection=selection, from_stage=Stage.PARTY_REVIEW, actor=SYSTEM)
    with pytest.raises(Refused):
        entry_office_review(entry=agreed, approve=True, note="", actor=personas.chair)
    with pytest.raises(SelectionError) as error:
        entry_office_review(entry=refused, approve=False, note="", actor=personas.office)
    assert error.value.code == "comment_required"
    passed = entry_office_review(entry=agreed, approve=True, note="材料齐全", actor=personas.office)
    assert passed.status == EntryStatus.PASSED
    returned = entry_office_review(entry=refused, approve=False, note="请补充获奖证书", actor=personas.office)
    assert returned.status == EntryStatus.RETURNED and returned.office_note == "请补充获奖证书"
    resubmitted = entry_resubmit(
        entry=returned, summary="补充了获奖证书", minutes=pdf(), minutes_name="补充.pdf", actor=personas.chair
    )
    assert resubmitted.status == EntryStatus.NOMINATED
    with pytest.raises(SelectionError) as error:
        selection_advance(selection=selection, from_stage=Stage.OFFICE_REVIEW, actor=SYSTEM)
    assert error.value.code == "review_pending"
    entry_office_review(entry=resubmitted, approve=True, note="", actor=personas.office)
    assert Decision.objects.filter(subject_type="selections.entry", subject_id=refused.pk).count() == 2
    assert Revision.objects.filter(subject_type="selections.entry", subject_id=refused.pk).count() == 2
    selection = selection_advance(selection=selection, from_stage=Stage.OFFICE_REVIEW, actor=SYSTEM)
    assert selection.stage == Stage.NOTICE


def test_without_the_partys_agreement_no_first_review(tree, selection, colleagues):
    selection, agreed, _refused = _in_party_review(selection, tree, colleagues)
    selection = selection_stage_set(
        selection=selection, stage=Stage.OFFICE_REVIEW, reason="党委集中审核", actor=SYSTEM
    )
    with pytest.raises(SelectionError) as error:
        entry_office_review(entry=agreed, approve=True, note="", actor=SYSTEM)
    assert error.value.code == "party_pending"


def test_a_returned_entry_left_at_the_end_of_the_review_is_removed(tree, selection, colleagues):
    selection, agreed, refused = _in_party_review(selection, tree, colleagues)
    _party(agreed, "agree")
    _party(refused, "agree")
    selection = selection_advance(selection=selection, from_stage=Stage.PARTY_REVIEW, actor=SYSTEM)
    entry_office_review(entry=agreed, approve=True, note="", actor=SYSTEM)
    entry_office_review(entry=refused, approve=False, note="材料不全", actor=SYSTEM)
    selection_advance(selection=selection, from_stage=Stage.OFFICE_REVIEW, actor=SYSTEM)
    refused.refresh_from_db()
    assert refused.status == EntryStatus.REMOVED


def test_withdrawal_after_the_nomination_only_of_a_returned_entry(tree, selection, colleagues):
    selection, agreed, _refused = _in_party_review(selection, tree, colleagues)
    with pytest.raises(SelectionError) as error:
        entry_withdraw(entry=agreed, actor=SYSTEM)
    assert error.value.code == "not_withdrawable"


def test_the_office_cannot_pass_an_entry_whose_candidate_is_no_longer_eligible(
    tree, personas, selection, colleagues
):
    selection.type.rule_in_post = True
    selection.type.save(update_fields=["rule_in_post"])
    selection, agreed, refused = _in_party_review(selection, tree, colleagues)
    _party(agreed, "agree")
    _party(refused, "agree")
    selection = selection_advance(selection=selection, from_stage=Stage.PARTY_REVIEW, actor=SYSTEM)
    agreed.member.status = MemberStatus.RETIRED
    agreed.member.save(update_fields=["status"])
    with pytest.raises(SelectionError) as error:
        entry_office_review(entry=agreed, approve=True, note="", actor=personas.office)
    assert error.value.code == "ineligible" and "在职" in error.value.message
    agreed.refresh_from_db()
    assert agreed.status == EntryStatus.NOMINATED
    returned = entry_office_review(
        entry=agreed, approve=False, note="已退休，请另行推荐", actor=personas.office
    )
    assert returned.status == EntryStatus.RETURNED
    assert (
        entry_office_review(entry=refused, approve=True, note="", actor=personas.office).status
        == EntryStatus.PASSED
    )
