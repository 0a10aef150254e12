"""The PDF's line setting and the title's breaks, as pure functions (the measured PDF is in
test_pdf_measure.py)."""

import itertools

import pytest

from chuangxian.documents.rendering.layout import title_lines
from chuangxian.documents.rendering.lines import LINE_WIDTH_PT, PITCH_PT, Run, set_lines


def nominal(role: str, ch: str) -> float:
    """Full-width characters 16 pt, Latin letters and digits 8 pt."""
    return 8.0 if ord(ch) < 0x2E80 else 16.0


def right_edge(line) -> float:
    chars = line.text
    return line.indent_pt + sum(nominal("", c) for c in chars) + line.spacing_pt * (len(chars) - 1)


def test_a_full_line_holds_28_characters_and_ends_on_the_right_edge():
    lines = set_lines([Run("fangsong", "创" * 60)], nominal, first_indent_pt=2 * PITCH_PT)
    assert [len(line.text) for line in lines] == [26, 28, 6]
    assert [line.full for line in lines] == [True, True, False]
    for line in lines[:2]:
        assert right_edge(line) == pytest.approx(LINE_WIDTH_PT, abs=0.01)


def test_a_line_with_digits_is_spread_to_the_edge():
    lines = set_lines([Run("fangsong", "各单位于2011年1月10日前报送" * 4)], nominal)
    assert right_edge(lines[0]) == pytest.approx(LINE_WIDTH_PT, abs=0.01)
    assert lines[0].spacing_pt > lines[-1].spacing_pt


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one():
    text = "创" * 28 + "，" + "先" * 25 + "《争优》" + "好" * 10
    lines = set_lines([Run("fangsong", text)], nominal)
    assert all(line.text[0] not in "，。》" for line in lines[1:])
    assert all(line.text[-1] != "《" for line in lines)
    assert lines[1].text.startswith("创，")  # the 28th character went down with its comma
    assert lines[1].text.endswith("先") and lines[2].text.startswith("《")  # 《 went down with its word
    assert right_edge(lines[0]) == pytest.approx(LINE_WIDTH_PT, abs=0.01)


def test_digits_are_not_split_but_a_long_address_is():
    lines = set_lines([Run("fangsong", "创" * 27 + "2010年")], nominal)
    assert lines[1].text.startswith("2010")
    long = set_lines([Run("fangsong", "a" * 200)], nominal)
    assert all(right_edge(line) <= LINE_WIDTH_PT + 0.01 for line in long)


def test_runs_keep_their_faces_across_lines():
    lines = set_lines([Run("kaiti", "（一）落实领导责任。"), Run("fangsong", "各" * 40)], nominal)
    assert [r.role for r in lines[0].runs] == ["kaiti", "fangsong"]
    assert [r.role for r in lines[1].runs] == ["fangsong"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("关于表彰先进的通知", ("关于表彰先进的通知",)),
        (
            "关于在工会组织和广大教职工中深入开展创先争优活动的实施方案",
            ("关于在工会组织和广大教职工中", "深入开展创先争优活动的实施方案"),
        ),
        (
            "关于组织全校教职工开展创先争优活动和先进典型评选的通知",
            ("关于组织全校教职工开展创先争优活动和", "先进典型评选的通知"),  # not 创先/争优 at 13/13
        ),
        (
            "关于印发《泉州示范师范学院工会2011年创先争优活动工作要点》的通知",
            ("关于印发《泉州示范师范学院工会20", "11年创先争优活动工作要点》的通知"),
        ),
    ],
)
def test_title_breaks_between_words_in_balanced_lines(title, expected):
    lines = title_lines(title)
    assert "".join(lines) == title
    if "2011" not in title:
        assert lines == expected
    else:  # no particle break fits: balanced, and never inside the digits
        assert all(not (a[-1:] + b[:1]).isascii() for a, b in itertools.pairwise(lines))
