"""The congress's arithmetic (pure): shares shown to one decimal (half up), decisions on exact
fractions, the quorum's and the majority's boundaries."""

from datetime import date

import pytest

from chuangxian.congress.rules import (
    Profile,
    Rate,
    Ratio,
    age_on,
    composition_checks,
    is_quorate,
    is_young,
    majority_needed,
    quorum_needed,
)

TWO_THIRDS = Ratio(2, 3)


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(2, 3, "66.7%"), (1, 8, "12.5%"), (1, 6, "16.7%"), (18, 30, "60.0%"), (1, 3, "33.3%"), (0, 0, "—")],
)
def test_a_share_is_shown_with_one_decimal_rounded_half_up(part, whole, shown):
    assert Rate(part, whole).percent == shown


def test_thirty_representatives_need_twenty_present_for_two_thirds():
    assert quorum_needed(30, TWO_THIRDS) == 20
    assert is_quorate(20, 30, TWO_THIRDS)
    assert not is_quorate(19, 30, TWO_THIRDS)


@pytest.mark.parametrize(("total", "needed"), [(31, 21), (29, 20), (3, 2), (1, 1)])
def test_the_quorum_rounds_up(total, needed):
    assert quorum_needed(total, TWO_THIRDS) == needed
    assert is_quorate(needed, total, TWO_THIRDS) and not is_quorate(needed - 1, total, TWO_THIRDS)


def test_no_voters_is_never_quorate():
    assert not is_quorate(0, 0, TWO_THIRDS)


def test_more_than_half_of_all_and_two_thirds_of_all():
    assert majority_needed(30, Ratio(1, 2)) == 16
    assert majority_needed(31, Ratio(1, 2)) == 16
    assert majority_needed(30, Ratio(2, 3)) == 20


def test_age_from_the_birth_date_or_the_year():
    on = date(2026, 6, 1)
    assert age_on(date(1991, 6, 2), None, on) == 34  # the birthday is tomorrow
    assert age_on(date(1991, 6, 1), None, on) == 35
    assert age_on(None, 1992, on) == 34
    assert age_on(None, None, on) is None
    assert is_young(date(1991, 6, 2), None, on) and not is_young(date(1991, 6, 1), None, on)
    assert not is_young(None, None, on)


def _checks(reps: Profile, staff: Profile) -> dict[str, bool]:
    checks = composition_checks(reps, staff, teachers_min=Ratio(3, 5), leaders_max=Ratio(1, 5))
    return {c.code: c.ok for c in checks}


def test_teachers_at_least_sixty_percent_exactly():
    staff = Profile(total=300)
    assert _checks(Profile(total=30, teachers=18), staff)["teachers"]  # 60.0%
    assert not _checks(Profile(total=30, teachers=17), staff)["teachers"]  # 56.7%


def test_leaders_at_most_twenty_percent_exactly():
    staff = Profile(total=300)
    assert _checks(Profile(total=30, leaders=6), staff)["leaders"]  # 20.0%
    assert not _checks(Profile(total=30, leaders=7), staff)["leaders"]  # 23.3%


def test_women_and_young_are_warned_below_the_staffs_share():
    staff = Profile(total=300, women=150, young=90)  # 50%, 30%
    assert _checks(Profile(total=30, women=15, young=9), staff) == {
        "teachers": False,
        "leaders": True,
        "women": True,
        "young": True,
    }
    low = _checks(Profile(total=30, women=14, young=8), staff)
    assert not low["women"] and not low["young"]


def test_the_checks_say_which_are_rules_and_what_they_compare_with():
    checks = composition_checks(
        Profile(total=8, teachers=5, leaders=1, women=1, young=1),
        Profile(total=100, women=40, young=20),
        teachers_min=Ratio(3, 5),
        leaders_max=Ratio(1, 5),
    )
    assert [(c.code, c.is_rule, c.rate.percent, c.bound) for c in checks] == [
        ("teachers", True, "62.5%", "≥ 60.0%"),
        ("leaders", True, "12.5%", "≤ 20.0%"),
        ("women", False, "12.5%", "40.0%"),
        ("young", False, "12.5%", "20.0%"),
    ]
