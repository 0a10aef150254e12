from datetime import date, timedelta

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.models import Phase, PhaseAction, PhaseWindowReopen
from chuangxian.campaigns.services import (
    CampaignError,
    PhaseClosedError,
    PhaseSpec,
    campaign_copy,
    campaign_set_phases,
    campaign_update,
    phase_require_open,
    phase_window_reopen,
    phase_window_revoke,
    validate_phases,
)
from chuangxian.campaigns.tests.factories import SEED_PHASES, make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused

D = date


def test_campaign_created_with_contiguous_phases_and_themes(tree):
    campaign = make_campaign(tree.tenant)
    assert [p.order for p in campaign.phases.all()] == [1, 2, 3, 4]
    assert list(campaign.themes.values_list("name", flat=True)) == ["师德建设常态化", "教学竞赛常规化"]
    assert AuditEntry.objects.filter(action="campaigns.campaign.created", target_id=str(campaign.pk)).exists()


@pytest.mark.parametrize(
    ("second_start", "code"),
    [(D(2011, 1, 2), "phase_gap"), (D(2010, 12, 31), "phase_overlap")],
)
def test_phases_must_be_contiguous(second_start, code):
    phases = [
        PhaseSpec("一", D(2010, 12, 15), D(2010, 12, 31)),
        PhaseSpec("二", second_start, D(2011, 12, 31)),
    ]
    with pytest.raises(CampaignError) as error:
        validate_phases(phases)
    assert error.value.code == code


def test_phase_end_before_start_refused():
    with pytest.raises(CampaignError) as error:
        validate_phases([PhaseSpec("一", D(2011, 1, 2), D(2011, 1, 1))])
    assert error.value.code == "phase_dates"


def test_copy_shifts_phases_and_keeps_reference_dates(tree):
    source = make_campaign(tree.tenant)
    copy = campaign_copy(source=source, title="师德建设年", starts_on=D(2026, 9, 1), actor=SYSTEM)
    phases = list(copy.phases.all())
    assert phases[0].starts_on == D(2026, 9, 1)
    assert (phases[1].ends_on - phases[1].starts_on) == (D(2011, 12, 31) - D(2011, 1, 1))
    assert phases[0].ref_starts_on == D(2010, 12, 15)
    assert phases[1].actions == SEED_PHASES[1].actions
    assert list(copy.themes.values_list("name", flat=True)) == ["师德建设常态化", "教学竞赛常规化"]
    assert copy.copied_from == source


# --- phase windows at their edges, with a frozen clock -------------------------------------------


@pytest.mark.parametrize(
    ("today", "ok"),
    [
        ("2010-12-14 23:59", False),  # the day before phase 1 starts (Asia/Shanghai)
        ("2010-12-15 00:00", True),  # first day
        ("2010-12-31 23:59", True),  # last day, last minute
        ("2011-01-01 00:00", False),  # the next day: phase 1 is closed
    ],
)
def test_phase_window_edges(tree, today, ok):
    campaign = make_campaign(tree.tenant)
    with time_machine.travel(f"{today} +0800", tick=False):
        if ok:
            assert phase_require_open(campaign=campaign, action=PhaseAction.UNIT_PLAN).order == 1
        else:
            with pytest.raises(PhaseClosedError):
                phase_require_open(campaign=campaign, action=PhaseAction.UNIT_PLAN)


def test_closed_message_says_when_the_window_closed(tree):
    campaign = make_campaign(tree.tenant)
    with time_machine.travel("2011-03-01 10:00 +0800", tick=False), pytest.raises(PhaseClosedError) as error:
        phase_require_open(campaign=campaign, action=PhaseAction.UNIT_PLAN, unit=tree.college)
    assert error.value.code == "phase_closed"
    assert "2010-12-31" in error.value.message


def test_not_started_message_says_when_it_opens(tree):
    campaign = make_campaign(tree.tenant)
    with time_machine.travel("2010-12-20 10:00 +0800", tick=False), pytest.raises(PhaseClosedError) as error:
        phase_require_open(campaign=campaign, action=PhaseAction.SUMMARY)
    assert error.value.code == "phase_not_started"
    assert "2012-08-01" in error.value.message


def test_action_open_in_either_of_two_phases(tree):
    campaign = make_campaign(tree.tenant)
    for day in ("2011-06-01", "2012-03-01"):
        with time_machine.travel(f"{day} 10:00 +0800", tick=False):
            phase_require_open(campaign=campaign, action=PhaseAction.NOMINATION)


def test_reopen_for_one_unit_reaches_its_subtree_only_until_the_date(tree, personas):
    campaign = make_campaign(tree.tenant)
    phase1 = campaign.phases.get(order=1)
    with time_machine.travel("2011-01-10 10:00 +0800", tick=False):
        phase_window_reopen(
            phase=phase1,
            unit=tree.college,
            until=D(2011, 1, 20),
            reason="主席出差，方案晚交",
            actor=personas.office,
        )
        assert (
            phase_require_open(campaign=campaign, action=PhaseAction.UNIT_PLAN, unit=tree.college) == phase1
        )
        assert phase_require_open(campaign=campaign, action=PhaseAction.UNIT_PLAN, unit=tree.group) == phase1
        with pytest.raises(PhaseClosedError):
            phase_require_open(campaign=campaign, action=PhaseAction.UNIT_PLAN, unit=tree.sibling)
    with time_machine.travel("2011-01-20 23:59 +0800", tick=False):
        phase_require_open(campaign=campaign, action=PhaseAction.UNIT_PLAN, unit=tree.college)
    with time_machine.travel("2011-01-21 00:00 +0800", tick=False), pytest.raises(PhaseClosedError):
        phase_require_open(campaign=campaign, action=PhaseAction.UNIT_PLAN, unit=tree.college)
    entry = AuditEntry.objects.get(action="campaigns.phase.window_reopened")
    assert entry.data["reason"] == "主席出差，方案晚交"
    assert entry.unit_id == tree.college.pk


def test_reopen_needs_reason_future_date_and_closed_phase(tree, personas):
    campaign = make_campaign(tree.tenant)
    phase1, phase2 = campaign.phases.get(order=1), campaign.phases.get(order=2)
    with time_machine.travel("2011-01-10 10:00 +0800", tick=False):
        for kwargs, code in [
            ({"phase": phase1, "until": D(2011, 1, 20), "reason": "  "}, "reason_required"),
            ({"phase": phase1, "until": D(2011, 1, 9), "reason": "迟交"}, "until_past"),
            ({"phase": phase2, "until": D(2011, 1, 20), "reason": "迟交"}, "phase_not_closed"),
        ]:
            with pytest.raises(CampaignError) as error:
                phase_window_reopen(unit=tree.college, actor=personas.office, **kwargs)
            assert error.value.code == code
    assert not PhaseWindowReopen.objects.exists()


def test_revoked_reopening_no_longer_counts(tree, personas):
    campaign = make_campaign(tree.tenant)
    phase1 = campaign.phases.get(order=1)
    with time_machine.travel("2011-01-10 10:00 +0800", tick=False):
        reopening = phase_window_reopen(
            phase=phase1, unit=tree.college, until=D(2011, 1, 20), reason="迟交", actor=personas.office
        )
        phase_window_revoke(reopening=reopening, actor=personas.office)
        with pytest.raises(PhaseClosedError):
            phase_require_open(campaign=campaign, action=PhaseAction.UNIT_PLAN, unit=tree.college)


def test_set_phases_keeps_rows_and_validates(tree):
    campaign = make_campaign(tree.tenant)
    ids = list(campaign.phases.values_list("pk", flat=True))
    shifted = [
        PhaseSpec(p.name, p.starts_on + timedelta(days=1), p.ends_on + timedelta(days=1), p.actions)
        for p in SEED_PHASES
    ]
    campaign_set_phases(campaign=campaign, phases=shifted, actor=SYSTEM)
    assert list(campaign.phases.values_list("pk", flat=True)) == ids
    assert Phase.objects.get(pk=ids[0]).starts_on == D(2010, 12, 16)
    broken = [*shifted[:1], PhaseSpec("x", D(2020, 1, 1), D(2020, 2, 1))]
    with pytest.raises(CampaignError):
        campaign_set_phases(campaign=campaign, phases=broken, actor=SYSTEM)
    assert Phase.objects.get(pk=ids[0]).starts_on == D(2010, 12, 16)


def test_every_action_the_campaign_services_record_has_a_label():
    import re
    from pathlib import Path

    from chuangxian.audit.labels import label_for
    from chuangxian.campaigns import services

    sources = Path(services.__file__).parent.glob("*.py")  # the services package, every module
    codes = {code for path in sources for code in re.findall(r'action="([a-z_.]+)"', path.read_text("utf-8"))}
    assert "campaigns.phase.window_reopened" in codes
    assert "campaigns.campaign.founding_file_attached" in codes
    assert [code for code in sorted(codes) if label_for(code) == code] == []


def test_only_the_schools_office_configures_and_only_a_person_reopens(tree, personas):
    campaign = make_campaign(tree.tenant)
    for actor in (personas.chair, personas.other_office, personas.admin):
        with pytest.raises(Refused) as error:
            campaign_update(campaign=campaign, actor=actor, title="改名")
        assert error.value.code == "not_office"
    phase1 = campaign.phases.get(order=1)
    with pytest.raises(Refused):
        phase_window_reopen(phase=phase1, unit=tree.college, until=D(2099, 1, 1), reason="迟交", actor=SYSTEM)
    assert not PhaseWindowReopen.objects.exists()
