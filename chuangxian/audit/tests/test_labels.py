import re
from pathlib import Path

import pytest

from chuangxian.audit.labels import label_for

APPS = Path(__file__).resolve().parents[2]
ACTION = re.compile(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"')


@pytest.mark.parametrize("app", ["accounts", "orgs", "roster", "notifications"])
def test_every_action_an_app_records_has_a_chinese_label(app):
    """The office reads the log by label; a bare code such as roster.import.uploaded says nothing."""
    codes = set(ACTION.findall((APPS / app / "services.py").read_text(encoding="utf-8")))
    assert [code for code in sorted(codes) if label_for(code) == code] == []
