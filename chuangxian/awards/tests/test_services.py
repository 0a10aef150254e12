"""The announcement: who may, when, which entries, the certificate numbers, idempotence; exemplars;
the certificate template; the winners' notice."""

from datetime import date

import pytest

from chuangxian.audit.models import AuditEntry
from chuangxian.awards.models import Award, CertificateTemplate
from chuangxian.awards.services import (
    AwardError,
    award_exemplar_set,
    awards_announce,
    awards_notice_draft,
    certificate_template_save,
)
from chuangxian.awards.tests.factories import final_selection
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.documents.models import Notice
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.selections.models import Entry, EntryStatus, Stage
from chuangxian.selections.services import entry_withdraw
from chuangxian.selections.tests.factories import make_selection, make_type, nominate

DAY = date(2012, 7, 1)


def _announce(selection, actor=SYSTEM, **kwargs):
    return awards_announce(
        selection=selection, awarded_on=kwargs.pop("awarded_on", DAY), actor=actor, **kwargs
    )


def test_announcing_all_by_default_numbers_the_certificates_and_marks_the_entries_awarded(final, personas):
    selection, _entries = final
    awards = _announce(selection, actor=personas.office)
    assert [a.certificate_no for a in awards] == ["2012-0001", "2012-0002", "2012-0003"]
    assert [a.honour for a in awards] == ["优秀工会工作者"] * 3
    assert awards[0].name == personas.member_row.name and awards[0].unit_name == "中文系工会小组"
    assert set(Entry.objects.filter(tenant_id=selection.tenant_id).values_list("status", flat=True)) == {
        EntryStatus.AWARDED
    }
    entry = AuditEntry.objects.get(action="awards.announced")
    assert len(entry.data["winners"]) == 3


def test_announcing_twice_duplicates_nothing(final):
    selection, _entries = final
    _announce(selection)
    assert _announce(selection) == []
    assert Award.objects.filter(tenant_id=selection.tenant_id).count() == 3
    assert AuditEntry.objects.filter(action="awards.announced").count() == 1


def test_the_office_ticks_some_then_more_later(final):
    selection, entries = final
    first = _announce(selection, entry_ids=[entries[1].pk])
    assert [a.entry_id for a in first] == [entries[1].pk]
    again = _announce(selection, entry_ids=[entries[1].pk, entries[2].pk])
    assert [a.entry_id for a in again] == [entries[2].pk]
    assert Award.objects.filter(tenant_id=selection.tenant_id).count() == 2
    assert Entry.objects.get(pk=entries[0].pk).status == EntryStatus.NOMINATED


def test_nothing_ticked_or_an_entry_out_of_the_running_is_refused(tree, campaign, final):
    selection, entries = final
    with pytest.raises(AwardError) as error:
        _announce(selection, entry_ids=[])
    assert error.value.code == "none_chosen"
    _other, other_entries = final_selection(
        tree.tenant, campaign, [(tree.sibling, MemberFactory(unit=tree.sibling))], title="另一评选"
    )
    with pytest.raises(AwardError) as error:
        _announce(selection, entry_ids=[entries[0].pk, other_entries[0].pk])
    assert error.value.code == "not_in_running"
    assert not Award.objects.filter(tenant_id=selection.tenant_id).exists()


def test_a_withdrawn_entry_is_not_announced(tree, campaign):
    selection = make_selection(campaign, make_type(tree.tenant, stages=(Stage.NOMINATION, Stage.FINAL)))
    kept = nominate(selection, tree.college, MemberFactory(unit=tree.college))
    gone = nominate(selection, tree.college, MemberFactory(unit=tree.college))
    entry_withdraw(entry=gone, actor=SYSTEM)
    from chuangxian.selections.services import selection_advance

    selection = selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    assert [a.entry_id for a in _announce(selection)] == [kept.pk]


def test_announcing_before_the_final_stage_is_refused(tree, campaign):
    selection = make_selection(campaign, make_type(tree.tenant, stages=(Stage.NOMINATION, Stage.FINAL)))
    nominate(selection, tree.college, MemberFactory(unit=tree.college))
    with pytest.raises(AwardError) as error:
        _announce(selection)
    assert error.value.code == "not_final"


def test_only_the_office_announces(final, personas):
    selection, _entries = final
    for user in (personas.chair, personas.member, personas.leader, personas.other_office):
        with pytest.raises(Refused):
            _announce(selection, actor=user)


def test_certificate_numbers_run_per_school_and_year(tree, campaign):
    one, _ = final_selection(
        tree.tenant, campaign, [(tree.college, MemberFactory(unit=tree.college))], title="甲"
    )
    two, _ = final_selection(
        tree.tenant, campaign, [(tree.sibling, MemberFactory(unit=tree.sibling))], title="乙"
    )
    three, _ = final_selection(
        tree.tenant, campaign, [(tree.sibling, MemberFactory(unit=tree.sibling))], title="丙"
    )
    elsewhere, _ = final_selection(
        tree.other_tenant,
        make_campaign(tree.other_tenant),
        [(tree.other_unit, MemberFactory(unit=tree.other_unit))],
    )
    assert _announce(one)[0].certificate_no == "2012-0001"
    assert _announce(two)[0].certificate_no == "2012-0002"
    assert _announce(elsewhere)[0].certificate_no == "2012-0001"
    assert _announce(three, awarded_on=date(2013, 1, 5))[0].certificate_no == "2013-0001"


def test_the_honour_rule_sees_the_announced_winner(tree, campaign, final):
    """An awarded entry is what the selections' "not already honoured" rule reads."""
    from chuangxian.selections.selectors import candidate_facts

    selection, entries = final
    _announce(selection)
    assert candidate_facts(selection, entries[1].member).honoured


def test_exemplar_flag_is_set_and_cleared_with_an_audit_entry(final, personas):
    selection, _entries = final
    award = _announce(selection)[0]
    award = award_exemplar_set(award=award, exemplar=True, actor=personas.office)
    assert Award.objects.get(pk=award.pk).exemplar
    award_exemplar_set(award=award, exemplar=True, actor=personas.office)  # no change, no entry
    award_exemplar_set(award=award, exemplar=False, actor=personas.office)
    assert not Award.objects.get(pk=award.pk).exemplar
    assert AuditEntry.objects.filter(action="awards.exemplar.set").count() == 2
    with pytest.raises(Refused):
        award_exemplar_set(award=award, exemplar=True, actor=personas.chair)


def _save(tree, **overrides):
    values = {
        "title": "荣誉证书",
        "body": "{姓名}（{单位}）：被评为“{荣誉}”。",
        "union_name": "泉州示范师范学院工会",
        "signature": "{工会名称}",
        "date_format": "cn",
    }
    values.update(overrides)
    return certificate_template_save(tenant=tree.tenant, actor=SYSTEM, **values)


def test_the_template_is_saved_once_per_school_and_updated(tree):
    _save(tree)
    template = _save(tree, title="奖状")
    assert CertificateTemplate.objects.filter(tenant_id=tree.tenant.pk).count() == 1
    assert template.title == "奖状"
    assert AuditEntry.objects.filter(action="awards.template.saved").count() == 2


def test_a_template_with_several_problems_reports_them_all(tree):
    with pytest.raises(AwardError) as error:
        _save(tree, title=" ", union_name="", body="{姓名}获得{奖项}，{部门}")
    message = error.value.message
    assert "证书标题" in message and "工会名称" in message and "{奖项}、{部门}" in message
    assert not CertificateTemplate.objects.filter(tenant_id=tree.tenant.pk).exists()


def test_the_winners_notice_is_a_draft_listing_them(final, personas):
    selection, _entries = final
    with pytest.raises(AwardError) as error:
        awards_notice_draft(selection=selection, prefix="泉师院工", issuing_office="校工会", actor=SYSTEM)
    assert error.value.code == "no_awards"
    _announce(selection)
    notice = awards_notice_draft(
        selection=selection, prefix="泉师院工", issuing_office="校工会", actor=personas.office
    )
    notice = Notice.objects.get(pk=notice.pk)
    assert notice.status == "draft" and notice.number is None
    assert "林老师（文学与传播学院）" in notice.body and "郑老师" in notice.body
    assert notice.title == f"关于公布{selection.title}结果的通知"
    assert AuditEntry.objects.filter(action="awards.notice.drafted").exists()
