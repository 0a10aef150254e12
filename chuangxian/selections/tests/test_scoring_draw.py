"""The drawn presentation order (``selections/scoring/draw.py``): the same on every machine for a
recorded seed, recomputable with openssl, and spread evenly over the possible orders."""

import itertools
import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuangxian.selections.scoring import draw_key, draw_keys, draw_order, seed_new

SEED = "2026年青年教师教学竞赛 决赛 人文社科组 3F9A-1C2B-77E0-D41A"
ENTRIES = [101, 102, 103, 104, 105, 106, 107, 108]
# Computed outside Python, as the module's docstring tells anyone to:
#   for id in 101 … 108; do printf '%s ' $id; printf '%s' $id | openssl dgst -sha256 -hmac "$SEED" \
#       | sed 's/.*= //'; done | LC_ALL=C sort -k2
DRAWN = [103, 102, 104, 107, 105, 106, 108, 101]
FIRST_KEY = "0e46ae42141ad230af7f9027e6ac27af842ef063add67c6d996b8cd70c27f294"
LAST_KEY = "d264cd46d42bcb5ea1a09ec0112dfc9a6a58f03951cadcc9497e0efde61e0d12"


def test_a_recorded_seed_gives_the_same_order_as_openssl():
    assert draw_order(ENTRIES, SEED) == DRAWN
    keys = draw_keys(ENTRIES, SEED)
    assert keys[0] == (103, FIRST_KEY) and keys[-1] == (101, LAST_KEY)
    assert draw_key(103, SEED) == FIRST_KEY


def test_the_order_does_not_depend_on_how_the_ids_are_given():
    assert draw_order(list(reversed(ENTRIES)), SEED) == DRAWN
    assert draw_order([str(e) for e in ENTRIES], SEED) == [str(e) for e in DRAWN]


def test_another_seed_draws_another_order():
    assert draw_order(ENTRIES, SEED.replace("3F9A", "3F9B")) != DRAWN
    assert draw_order(ENTRIES, SEED + " ") != DRAWN  # the seed is used exactly as recorded


def test_a_draw_needs_a_seed_and_distinct_ids():
    with pytest.raises(ValueError, match="needs a seed"):
        draw_order(ENTRIES, "")
    with pytest.raises(ValueError, match="drawn once"):
        draw_order([1, "1"], SEED)
    assert draw_order([], SEED) == []


def test_a_new_seed_is_sixteen_random_hex_digits_in_groups():
    seeds = {seed_new() for _ in range(20)}
    assert len(seeds) == 20
    assert all(re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", seed) for seed in seeds)


@given(st.lists(st.integers(min_value=1, max_value=10**9), unique=True, max_size=30), st.text(min_size=1))
def test_a_draw_is_an_order_of_exactly_the_entries_given(entries, seed):
    assert sorted(draw_order(entries, seed)) == sorted(entries)


# Pearson's chi-square over fixed seeds: deterministic, so it cannot flake. The bounds are the 0.1%
# critical values (23 and 9 degrees of freedom); a biased draw lands far beyond them (sorting by id
# gives one order every time: a statistic in the tens of thousands).
CHI2_23_DF = 49.73
CHI2_9_DF = 27.88


def chi_square(counts, cells, draws):
    expected = draws / cells
    return sum((counts.get(cell, 0) - expected) ** 2 / expected for cell in range(cells))


def test_every_order_of_four_is_drawn_equally_often():
    orders = {order: n for n, order in enumerate(itertools.permutations("ABCD"))}
    draws = 4800
    counts = Counter(orders[tuple(draw_order(list("ABCD"), f"均匀性检验-{i}"))] for i in range(draws))
    assert len(counts) == 24
    assert chi_square(counts, 24, draws) < CHI2_23_DF


def test_each_of_ten_entries_goes_first_equally_often():
    draws = 3000
    counts = Counter(draw_order(list(range(10)), f"first-{i}")[0] for i in range(draws))
    assert chi_square(counts, 10, draws) < CHI2_9_DF
