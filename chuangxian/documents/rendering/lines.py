"""The lines of a notice's PDF, set by hand on the grid of GB/T 9704-2012 §5.2.3: 28 characters of
3号 type to a 156 mm line, every full line flush with both edges of the type area.

A paragraph is a list of runs (a font role and its text). Characters sit at the pitch of the grid
(156 mm / 28, a hair under 16 pt), so the columns of consecutive lines line up; a full line that holds
half-width digits or letters is spread by its own letter-spacing until its last character's right
edge is on the type area's right edge. Line breaks follow the usual 避头尾 rule: no line starts with a
closing mark (，。、）》…) and none ends with an opening one (（《“…); a run of up to 16 Latin letters
or digits is never split.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from chuangxian.documents.rendering.layout import BODY_PT, CHARS_PER_LINE, TYPE_AREA_MM

MM = 72 / 25.4
LINE_WIDTH_PT = TYPE_AREA_MM[0] * MM  # 156 mm
# The nominal letter-spacing: 28 characters of 16 pt end exactly on the right edge.
TRACKING_PT = (LINE_WIDTH_PT - CHARS_PER_LINE * BODY_PT) / (CHARS_PER_LINE - 1)
PITCH_PT = BODY_PT + TRACKING_PT  # one character and its spacing: a cell of the grid
EPSILON_PT = 0.01

NO_START = set("，。、；：？！）》」』”’〕】…—·%,.;:?!)]")
NO_END = set("（《「『“‘〔【([")
_TOKEN = re.compile(r"[A-Za-z0-9.%]{1,16}|.", re.DOTALL)  # a longer run (a web address) may break

Measure = Callable[[str, str], float]  # (role, character) → advance in pt at the body size


@dataclass(frozen=True)
class Run:
    role: str
    text: str


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    indent_pt: float  # from the type area's left edge
    spacing_pt: float  # CSS letter-spacing
    full: bool  # spread to the right edge

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def _tokens(runs: list[Run]) -> list[list[tuple[str, str]]]:
    """Unbreakable units, each a list of (role, character)."""
    return [[(run.role, ch) for ch in m.group()] for run in runs for m in _TOKEN.finditer(run.text)]


def _width(chars: list[tuple[str, str]], measure: Measure, spacing: float) -> float:
    return sum(measure(role, ch) for role, ch in chars) + spacing * max(0, len(chars) - 1)


def _pack(chars: list[tuple[str, str]]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for role, ch in chars:
        if runs and runs[-1].role == role:
            runs[-1] = Run(role, runs[-1].text + ch)
        else:
            runs.append(Run(role, ch))
    return tuple(runs)


def set_lines(
    runs: list[Run],
    measure: Measure,
    *,
    first_indent_pt: float = 0.0,
    indent_pt: float = 0.0,
    width_pt: float = LINE_WIDTH_PT,
) -> list[Line]:
    """Break a paragraph into lines and spread every line but the last to the right edge."""
    tokens = _tokens(runs)
    lines: list[Line] = []
    start = 0
    while start < len(tokens):
        left = first_indent_pt if not lines else indent_pt
        room = width_pt - left
        end = start + 1
        while end < len(tokens):
            trial = [c for t in tokens[start : end + 1] for c in t]
            if _width(trial, measure, TRACKING_PT) > room + EPSILON_PT:
                break
            end += 1
        if end < len(tokens):
            # 避头尾: pull back while the next line would start with a closing mark or this one ends
            # with an opening mark (never below half the line).
            back = end
            while back - start > 2 and (tokens[back][0][1] in NO_START or tokens[back - 1][-1][1] in NO_END):
                back -= 1
            if back - start > 2:
                end = back
        chars = [c for t in tokens[start:end] for c in t]
        full = end < len(tokens) and len(chars) > 1
        spacing = TRACKING_PT
        if full:
            spacing = (room - _width(chars, measure, 0.0)) / (len(chars) - 1)
        lines.append(
            Line(runs=_pack(chars), indent_pt=round(left, 3), spacing_pt=round(spacing, 4), full=full)
        )
        start = end
    return lines


def text_width(text: str, role: str, measure: Measure) -> float:
    """Width in pt of ``text`` set at the grid's pitch."""
    return _width([(role, ch) for ch in text], measure, TRACKING_PT)
