"""Choosing several members is a searchable picker, not a Ctrl-click list of a hundred names.

The browser side (typing pinyin initials on a phone) is tests/e2e/test_member_picker_journey.py.
"""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse

import chuangxian
from chuangxian.core.forms import MemberPickerWidget
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory

ROOT = Path(chuangxian.__file__).resolve().parent


def _member_multi_selects() -> dict[str, forms.Widget]:
    """Every multiple choice of members that renders as a <select multiple> (checkbox lists aside)."""
    found = {}
    for path in sorted(ROOT.glob("*/forms.py")):
        module = importlib.import_module(f"chuangxian.{path.parent.name}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls.base_fields.items():
                if (
                    isinstance(field, forms.ModelMultipleChoiceField)
                    and field.queryset.model is Member
                    and isinstance(field.widget, forms.SelectMultiple)
                    and not isinstance(field.widget, forms.CheckboxSelectMultiple)
                ):
                    found[f"{module.__name__}.{name}.{field_name}"] = field.widget
    return found


def test_every_member_multi_select_is_the_picker():
    found = _member_multi_selects()
    assert {
        "chuangxian.projects.forms.ProjectForm.responsible",
        "chuangxian.projects.forms.ProjectForm.participants",
        "chuangxian.plans.forms.PlanForm.responsible_members",
    } <= set(found)
    assert [name for name, widget in found.items() if not isinstance(widget, MemberPickerWidget)] == []


@pytest.fixture
def campaign(tree):
    from chuangxian.campaigns.tests.factories import make_campaign

    return make_campaign(tree.tenant)


def test_the_project_form_offers_members_with_initials_and_staff_numbers_to_search(
    client, tree, personas, campaign
):
    zhang = MemberFactory(unit=tree.college, name="张伟")
    client.force_login(personas.chair)
    page = client.get(reverse("projects:create", args=[tree.college.pk])).content.decode()
    assert "按住 Ctrl" not in page
    assert page.count("data-member-picker") == 2
    assert f'data-initials="zw" data-staff-no="{zhang.staff_no}"' in page
    # Tom Select from npm (node_modules, served under /static/vendor/) and the one initialiser; no CDN.
    assert "/static/vendor/tom-select/js/tom-select.complete.min.js" in page
    assert "/static/vendor/tom-select/css/tom-select.bootstrap5.min.css" in page
    assert page.count('src="/static/js/member-picker.js"') == 1
    assert "<script>" not in page and "<style" not in page  # the CSP allows no inline script or style


def test_without_javascript_the_picker_is_a_plain_multi_select_that_posts_ids(tree):
    members = [MemberFactory(unit=tree.college, name="张伟"), MemberFactory(unit=tree.college, name="周文")]

    class Pick(forms.Form):
        people = forms.ModelMultipleChoiceField(
            queryset=Member.objects.filter(tenant_id=tree.college.tenant_id), widget=MemberPickerWidget()
        )

    html = str(Pick()["people"])
    assert html.startswith('<select name="people"') and " multiple" in html.split(">")[0]
    form = Pick({"people": [str(m.pk) for m in members]})
    assert form.is_valid()
    assert set(form.cleaned_data["people"]) == set(members)
