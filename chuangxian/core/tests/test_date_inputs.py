"""Every date and time input of every form writes its value in ISO.

``<input type=date>`` accepts only YYYY-MM-DD and ``datetime-local`` only YYYY-MM-DDTHH:MM; anything else
(zh-hans writes 2026/12/03) is dropped by the browser, so a pre-filled field looks empty and the form
then says it is required. The test reads every form class in ``chuangxian/*/forms.py``, so a new form
that builds its own ``forms.DateInput`` without the ISO format fails here.
"""

import copy
import importlib
import inspect
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation

import chuangxian

ROOT = Path(chuangxian.__file__).resolve().parent
WHEN = datetime(2026, 12, 3, 14, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
# widget class → (the input type the phone needs, the initial value, the value attribute it must carry)
EXPECTED: list[tuple[type[forms.Widget], str, object, str]] = [
    (forms.DateTimeInput, "datetime-local", WHEN, "2026-12-03T14:05"),
    (forms.DateInput, "date", date(2026, 12, 3), "2026-12-03"),
    (forms.TimeInput, "time", WHEN.time(), "14:05"),
]


def _date_fields() -> list[tuple[str, str, forms.Field]]:
    found = []
    for path in sorted(ROOT.glob("*/forms.py")):
        module = importlib.import_module(f"chuangxian.{path.parent.name}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls.base_fields.items():
                if isinstance(field.widget, forms.DateInput | forms.DateTimeInput | forms.TimeInput):
                    found.append((f"{module.__name__}.{name}", field_name, field))
    return found


DATE_FIELDS = _date_fields()


def test_the_walk_finds_the_forms_it_guards():
    names = {f"{form}.{field}" for form, field, _ in DATE_FIELDS}
    assert "chuangxian.pledges.forms.PledgeForm.due_on" in names
    assert "chuangxian.pledges.forms.ProgressForm.on" in names
    assert "chuangxian.activities.forms.ActivityForm.starts_at" in names


@pytest.mark.parametrize(("form", "name", "field"), DATE_FIELDS, ids=[f"{f}.{n}" for f, n, _ in DATE_FIELDS])
def test_a_prefilled_date_or_time_input_carries_an_iso_value(form, name, field):
    _, input_type, initial, value = next(e for e in EXPECTED if isinstance(field.widget, e[0]))

    class Probe(forms.Form):
        pass

    probe = Probe(initial={name: initial})
    probe.fields = {name: copy.deepcopy(field)}
    with translation.override("zh-hans"):
        html = str(probe[name])
    assert f'type="{input_type}"' in html
    assert f'value="{value}"' in html
