"""The fonts of a notice: the standard fonts a deployment may drop into ``NOTICE_FONT_DIR``, else
Debian's Noto CJK."""

from pathlib import Path

from django.conf import settings

# --- Fonts --------------------------------------------------------------------------------------------

# role → (file stems a deployment may use in NOTICE_FONT_DIR, installed family names, fallback stack)
FONT_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "fangsong": (
        ("fangsong", "fangsong_gb2312", "仿宋_gb2312", "仿宋", "simfang"),
        ("FangSong_GB2312", "仿宋_GB2312", "FangSong"),
        ("Noto Serif CJK SC", "serif"),
    ),
    "xiaobiaosong": (
        ("xiaobiaosong", "fzxiaobiaosong", "fzxbsjw", "方正小标宋简体", "方正小标宋_gbk", "方正小标宋"),
        ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK"),
        ("Noto Serif CJK SC", "serif"),
    ),
    "heiti": (
        ("heiti", "simhei", "黑体"),
        ("SimHei", "黑体"),
        ("Noto Sans CJK SC", "sans-serif"),
    ),
    "kaiti": (
        ("kaiti", "kaiti_gb2312", "楷体_gb2312", "楷体", "simkai"),
        ("KaiTi_GB2312", "楷体_GB2312", "KaiTi"),
        # Debian's fonts-arphic-ukai: a free 楷体, so that level-2 headings differ from the body.
        ("AR PL UKai CN", "Noto Serif CJK SC", "serif"),
    ),
}
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")


def font_dir() -> Path | None:
    configured = getattr(settings, "NOTICE_FONT_DIR", "") or ""
    path = Path(str(configured)) if configured else None
    return path if path is not None and path.is_dir() else None


def licensed_fonts() -> dict[str, Path]:
    """Font files found in NOTICE_FONT_DIR, by role (``fangsong``, ``xiaobiaosong``, ``heiti``, ``kaiti``)."""
    folder = font_dir()
    if folder is None:
        return {}
    found: dict[str, Path] = {}
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    for role, (stems, _installed, _fallback) in FONT_ROLES.items():
        for path in files:
            if path.stem.lower() in stems:
                found[role] = path
                break
    return found


def _family(role: str) -> str:
    return f"CX {role}"


def font_stack(role: str, *, licensed: dict[str, Path]) -> str:
    _stems, installed, fallback = FONT_ROLES[role]
    names = ([_family(role)] if role in licensed else []) + list(installed) + list(fallback)
    return ", ".join(n if n in ("serif", "sans-serif") else f'"{n}"' for n in names)
