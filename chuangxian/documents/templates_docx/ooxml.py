"""The WordprocessingML pieces the notice template is written with: the font chains and the font
table, run and paragraph properties, runs, paragraphs, docxtpl tags and the page-number footer
(``build_notice_template``)."""

from xml.sax.saxutils import quoteattr

# The fonts a notice names, the standard one first, then what Word/WPS should try when it is missing
# (each font of the chain is declared in the file's font table with the next one as its alternative).
FONT_CHAINS: dict[str, tuple[str, ...]] = {
    "fangsong": ("仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"),
    "xiaobiaosong": ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "Noto Serif CJK SC"),
    "heiti": ("黑体", "SimHei", "Noto Sans CJK SC"),
    "kaiti": ("楷体_GB2312", "楷体", "KaiTi", "AR PL UKai CN"),
}
# Panose family and pitch for the font table: all are GB2312 (charset 86) CJK faces.
_FAMILY = {"fangsong": "modern", "xiaobiaosong": "roman", "heiti": "modern", "kaiti": "modern"}

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LANG = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'


def twips(mm: float) -> int:
    """Millimetres in twentieths of a point (the unit of page and indent sizes)."""
    return round(mm / 25.4 * 1440)


def _fonts(role: str) -> str:
    name = quoteattr(FONT_CHAINS[role][0])
    return f'<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} w:cs={name} w:hint="eastAsia"/>'


def run_props(
    role: str | None = None,
    *,
    pt: float | None = None,
    color: str | None = None,
    style: str = "",
    tracking: int | None = None,
) -> str:
    """Run properties; ``tracking`` is the character spacing in twentieths of a point."""
    parts = [f'<w:rStyle w:val="{style}"/>' if style else ""]
    if role:
        parts.append(_fonts(role))
    if color:
        parts.append(f'<w:color w:val="{color.lstrip("#")}"/>')
    if tracking is not None:
        parts.append(f'<w:spacing w:val="{tracking}"/>')
    if pt:
        parts.append(f'<w:sz w:val="{round(pt * 2)}"/><w:szCs w:val="{round(pt * 2)}"/>')
    parts.append(LANG)
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def run(text: str, rpr: str = "") -> str:
    """A run of text (escaped) with its properties (``run_props``; the defaults when none)."""
    from xml.sax.saxutils import escape

    return f'<w:r>{rpr or run_props()}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(style: str, *runs: str, ppr: str = "") -> str:
    """A paragraph of the style ``style`` holding ``runs``; ``ppr``: further paragraph properties."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{"".join(runs)}</w:p>'


def tag(text: str) -> str:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); docxtpl removes it."""
    return paragraph("NoticeTag", run(text))


def font_table() -> bytes:
    """The font table part: each font of a chain with the next one as its alternative (w:altName)."""
    fonts: dict[str, tuple[str, str]] = {}  # name → (alternative, family)
    for role, chain in FONT_CHAINS.items():
        for name, alternative in zip(chain, (*chain[1:], ""), strict=True):
            fonts.setdefault(name, (alternative, _FAMILY[role]))
    entries = []
    for name, (alternative, family) in fonts.items():
        alt = f"<w:altName w:val={quoteattr(alternative)}/>" if alternative else ""
        entries.append(
            f'<w:font w:name={quoteattr(name)}>{alt}<w:charset w:val="86"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        )
    entries.append(
        '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/>'
        '<w:pitch w:val="variable"/></w:font>'
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:fonts xmlns:w="{W_NS}">{"".join(entries)}</w:fonts>'
    ).encode()


def page_number_footer(align: str, side: str, record_pt: float) -> str:
    """Page numbers: 4号 (14 pt) digits between 一字线, odd pages right, even pages left, one character in."""
    rpr = run_props(pt=record_pt)

    def field(part: str) -> str:
        return f'<w:r>{rpr}<w:fldChar w:fldCharType="{part}"/></w:r>'

    number = (
        field("begin")
        + f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + field("separate")
        + run("1", rpr)
        + field("end")
    )
    indent = f'<w:ind w:{side}="{round(record_pt * 20)}"/><w:jc w:val="{align}"/>'
    return paragraph("NoticePageNumber", run("— ", rpr), number, run(" —", rpr), ppr=indent)
