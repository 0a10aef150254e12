"""The office reads the demo's whole audit log in Chinese: labels for every action, field, key and
status the services recorded while the demo was built, and times in the tenant's zone."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.apps import apps
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.demo.models import Persona, PersonaKey

RAW_KEY = re.compile(r"[a-z]+_[a-z_]+|^[a-z]+$")
ROW = re.compile(r'<li class="list-group-item">(.*?)</li>', re.S)
ACTION = re.compile(r"<strong>(.*?)</strong>")
TIME = re.compile(r'<time datetime="([^"]+)">([^<]+)</time>')
LINE = re.compile(r'<div><span class="text-muted">([^<]*)</span>：(.*?)</div>', re.S)


def choice_codes() -> set[str]:
    """Every status or kind code a model can store (draft, in_review, checked_in, waitlisted…)."""
    return {
        str(code)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "choices", None)
        for code, _label in field.flatchoices
        if isinstance(code, str) and re.fullmatch(r"[a-z_]+", code)
    }


def test_the_demo_audit_log_shows_no_raw_key_code_or_utc_time(client, demo):
    office = Persona.objects.get(tenant=demo, key=PersonaKey.OFFICE).user
    client.force_login(office)
    codes = choice_codes()
    total = AuditEntry.objects.filter(tenant=demo).count()
    rows: list[str] = []
    page = 1
    while len(rows) < total:
        html = client.get(reverse("audit:list"), {"page": page}).content.decode()
        found = ROW.findall(html)
        assert found, f"page {page} is empty with {len(rows)} of {total} rows read"
        rows += found
        page += 1
    raw_actions, raw_keys, raw_values, bad_times = set(), set(), set(), set()
    for row in rows:
        action = ACTION.search(row).group(1)  # type: ignore[union-attr]
        if re.search(r"[a-z]+\.[a-z_]+", action):
            raw_actions.add(action)
        for key, value in LINE.findall(row):
            if RAW_KEY.search(key):
                raw_keys.add(key)
            for part in re.split(r" → |、", value.strip()):
                if part in codes:
                    raw_values.add((key, part))
        stamp, shown = TIME.search(row).groups()  # type: ignore[union-attr]
        local = datetime.fromisoformat(stamp).astimezone(ZoneInfo("Asia/Shanghai"))
        if shown != local.strftime("%Y-%m-%d %H:%M"):
            bad_times.add((stamp, shown))
    assert len(rows) == total
    assert sorted(raw_actions) == []
    assert sorted(raw_keys) == []
    assert sorted(raw_values) == []
    assert sorted(bad_times) == []
