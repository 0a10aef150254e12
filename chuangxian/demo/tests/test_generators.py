"""The pure generators behind the demo: ID numbers, names, head counts, the date shift, the order of
deletion. No database."""

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuangxian.accounts.models import User
from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.models import Campaign, Phase
from chuangxian.campaigns.services import validate_phases
from chuangxian.core import idcard
from chuangxian.demo import names
from chuangxian.demo.campaign import SEED_PHASES, seed_campaign_spec
from chuangxian.demo.people import RANDOM_SEED, generate_people
from chuangxian.demo.services import deletion_order
from chuangxian.demo.tree import ALL_UNITS, DEFAULT_MEMBERS, min_members, scaled_sizes, split_college
from chuangxian.orgs.models import Member, RoleAssignment, Unit


def test_known_id_numbers_check():
    # Published examples of GB 11643 check characters.
    assert idcard.check_char("11010519491231002") == "X"
    assert idcard.check_char("44052418800101001") == "4"
    assert idcard.is_valid("11010519491231002X")
    assert not idcard.is_valid("110105194912310021")
    assert not idcard.is_valid("11010519490231002X")  # no 31 February... nor 02-31
    assert not idcard.is_valid("1101051949123100")


@given(
    birth=st.dates(min_value=date(1960, 1, 1), max_value=date(1998, 12, 31)),
    male=st.booleans(),
    seed=st.integers(0, 2**32),
)
def test_generated_id_numbers_are_valid_and_match_birth_and_gender(birth, male, seed):
    rng = random.Random(seed)
    number = idcard.make(region=idcard.pick_region(rng), birth=birth, male=male, rng=rng)
    assert idcard.is_valid(number)
    assert idcard.birth_date_of(number) == birth
    assert idcard.is_male(number) == male
    assert number[:4] == "3505"


def test_names_are_two_to_four_characters_and_deterministic():
    first = [names.full_name(random.Random(7), male=i % 2 == 0, birth_year=1960 + i) for i in range(40)]
    again = [names.full_name(random.Random(7), male=i % 2 == 0, birth_year=1960 + i) for i in range(40)]
    assert first == again
    rng = random.Random(RANDOM_SEED)
    sample = [names.full_name(rng, male=rng.random() < 0.5, birth_year=1980) for _ in range(2000)]
    assert all(2 <= len(name) <= 4 for name in sample)
    lengths = {len(name) for name in sample}
    assert {2, 3} <= lengths
    surnames = [name[0] for name in sample]
    assert surnames.count("陈") > surnames.count("赵")  # Fujian: 陈 leads


def test_default_plan_has_1500_members():
    assert DEFAULT_MEMBERS == 1500
    assert sum(scaled_sizes(DEFAULT_MEMBERS).values()) == 1500


@pytest.mark.parametrize("total", [min_members(), 120, 500, 1500, 5000])
def test_scaled_sizes_sum_to_the_total_and_respect_minimums(total):
    sizes = scaled_sizes(total)
    assert sum(sizes.values()) == total
    for spec in ALL_UNITS:
        parts = split_college(spec, sizes[spec.name])
        assert sum(count for _name, count in parts) == sizes[spec.name]
        assert parts[0][1] >= 3
        assert all(count >= 1 for _name, count in parts)


def test_too_few_members_cannot_be_planned():
    with pytest.raises(ValueError, match="members are needed"):
        scaled_sizes(min_members() - 1)


def test_people_are_deterministic_with_unique_staff_numbers():
    first = generate_people(300, random.Random(RANDOM_SEED))
    second = generate_people(300, random.Random(RANDOM_SEED))
    assert [(p.staff_no, p.name, p.id_number) for p in first] == [
        (p.staff_no, p.name, p.id_number) for p in second
    ]
    assert len({p.staff_no for p in first}) == 300
    assert all(p.staff_no[:4] == str(p.joined_on.year) and len(p.staff_no) == 7 for p in first)


@pytest.mark.parametrize("as_of", [date(2026, 11, 24), date(2011, 5, 2), date(2040, 1, 1)])
def test_the_shift_keeps_phases_contiguous_and_puts_as_of_a_third_into_phase_two(as_of):
    spec = seed_campaign_spec(as_of)
    validate_phases(spec.phases)
    second = spec.phases[1]
    assert second.starts_on <= as_of <= second.ends_on
    assert as_of - second.starts_on == timedelta(days=121)
    assert [(p.ref_starts_on, p.ref_ends_on) for p in spec.phases] == [
        (p.ref_starts_on, p.ref_ends_on) for p in SEED_PHASES
    ]


def test_the_seed_date_is_its_own_reference():
    spec = seed_campaign_spec(date(2011, 5, 2))
    assert spec.phases[1].starts_on == date(2011, 1, 1)


def test_deletion_order_puts_protecting_rows_first():
    order = deletion_order([Unit, Member, RoleAssignment, Campaign, Phase, User, AuditEntry])
    position = {model: index for index, model in enumerate(order)}
    assert position[Member] < position[Unit]
    assert position[RoleAssignment] < position[Unit]
