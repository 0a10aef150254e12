"""Advance widths of the fonts the PDF will use, read from the font files themselves (fontTools).

WeasyPrint justifies only at spaces, so CJK text set with ``text-align: justify`` keeps a ragged
right edge and 27 characters to the line. The PDF's lines are therefore set here, in Python: each
line's characters and the letter-spacing that puts its last character's right edge on the type
area's right edge (``lines``). For that the widths must be those of the face WeasyPrint will draw
with: a licensed file from ``NOTICE_FONT_DIR``, else the first installed family of the role's stack
as fontconfig resolves it (the same lookup WeasyPrint makes).
"""

import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from chuangxian.documents.rendering.fonts import FONT_ROLES

# Set full width in Chinese text whatever the font's default glyph (its zh-Hans forms are).
FULL_WIDTH = set("—…")


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int
    stamp: float = 0.0  # the licensed file's mtime: a file replaced in NOTICE_FONT_DIR is read again


@lru_cache(maxsize=64)
def _fc_match(family: str) -> FontFile | None:
    """The file fontconfig gives for ``family``, or None when it would substitute another family."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}|%{family}", family],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("|")
    if len(parts) != 3 or family.lower() not in {f.strip().lower() for f in parts[2].split(",")}:
        return None
    return FontFile(parts[0], int(parts[1] or 0))


def role_font(role: str, licensed: dict[str, Path]) -> FontFile | None:
    """The file that draws ``role``: the licensed one, else the first installed family of its stack."""
    if role in licensed:
        path = licensed[role]
        return FontFile(str(path), 0, path.stat().st_mtime if path.exists() else 0.0)
    _stems, installed, fallback = FONT_ROLES[role]
    for family in (*installed, *fallback):
        if family in ("serif", "sans-serif"):
            continue
        found = _fc_match(family)
        if found is not None:
            return found
    return None


class Widths:
    """Advance widths in em of one font file; characters it lacks count as full (CJK) or half width."""

    def __init__(self, font: FontFile | None) -> None:
        self._cmap: dict[int, str] = {}
        self._advances: dict[str, tuple[int, int]] = {}
        self._upem = 1000
        # The line box's content area (hhea ascender and descender, as Pango reads them) in em.
        self.ascent, self.descent = 0.88, 0.12
        self.em_bottom = 0.12  # the ideographic em box's bottom below the baseline (OS/2 typo descender)
        self.dash_middle = 0.38  # height of the middle of the dash (U+2014) above the baseline, in em
        if font is None:
            return
        try:
            ttf = TTFont(font.path, fontNumber=font.index, lazy=True)
            self._cmap = ttf.getBestCmap() or {}
            self._advances = dict(ttf["hmtx"].metrics)
            self._upem = int(ttf["head"].unitsPerEm)
            self.ascent = ttf["hhea"].ascent / self._upem
            self.descent = -ttf["hhea"].descent / self._upem
            self.em_bottom = -ttf["OS/2"].sTypoDescender / self._upem
            dash = self._cmap.get(0x2014)
            if dash is not None:
                pen = BoundsPen(ttf.getGlyphSet())
                ttf.getGlyphSet()[dash].draw(pen)
                if pen.bounds is not None:
                    self.dash_middle = (pen.bounds[1] + pen.bounds[3]) / 2 / self._upem
        except Exception:  # an unreadable file: fall back to the nominal widths
            self._cmap, self._advances = {}, {}

    def below_box(self, line_height_em: float) -> float:
        """How far (em) the characters' em box hangs below a line box of ``line_height_em`` (CSS
        centres the ascent + descent on the line; the em box ends ``em_bottom`` below the baseline)."""
        return (
            (line_height_em - self.ascent - self.descent) / 2 + self.ascent + self.em_bottom - line_height_em
        )

    def dash_from_top(self, line_height_em: float) -> float:
        """Distance (em) from the top of a line box of ``line_height_em`` to the middle of its dash."""
        return (line_height_em - self.ascent - self.descent) / 2 + self.ascent - self.dash_middle

    def em(self, ch: str) -> float:
        if ch in FULL_WIDTH:
            return 1.0
        glyph = self._cmap.get(ord(ch))
        if glyph is not None and glyph in self._advances:
            return self._advances[glyph][0] / self._upem
        return 0.5 if ord(ch) < 0x2E80 else 1.0


@lru_cache(maxsize=16)
def widths(font: FontFile | None) -> Widths:
    return Widths(font)
