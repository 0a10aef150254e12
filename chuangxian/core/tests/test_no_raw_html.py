"""User text is data, never code: nothing in the code base marks a string as safe HTML.

A new ``|safe``, ``mark_safe``, ``safeseq`` or ``{% autoescape off %}`` must be argued for and added
to ALLOWED below with the reason; otherwise this test fails.
"""

import re
from pathlib import Path

import chuangxian

ROOT = Path(chuangxian.__file__).resolve().parent
RAW = re.compile(r"\|\s*safe\b|\|\s*safeseq\b|autoescape\s+off|\bmark_safe\(|\bSafeString\(")
# path relative to chuangxian/ -> why it is safe
ALLOWED: dict[str, str] = {}


def _sources() -> list[Path]:
    files = [*ROOT.rglob("*.html"), *ROOT.rglob("*.py"), *ROOT.rglob("*.txt")]
    return [p for p in files if "tests" not in p.relative_to(ROOT).parts]


def test_no_template_or_module_marks_text_safe():
    found = []
    for path in _sources():
        relative = str(path.relative_to(ROOT))
        if relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if RAW.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


def test_the_check_finds_a_safe_filter():
    assert RAW.search("{{ field.help_text|safe }}")
    assert RAW.search("return mark_safe(html)")
    assert not RAW.search("{{ field.help_text }}")
