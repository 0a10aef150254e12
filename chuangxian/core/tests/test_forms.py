from django import forms

from chuangxian.core.forms import StyledFormMixin


class _Form(StyledFormMixin, forms.Form):
    name = forms.CharField()
    units = forms.MultipleChoiceField(choices=[("1", "甲"), ("2", "乙")], widget=forms.CheckboxSelectMultiple)


def test_an_error_added_after_validation_outlines_its_field():
    form = _Form({"name": "张伟", "units": ["1"]})
    assert form.is_valid()
    assert "is-invalid" not in form.fields["name"].widget.attrs["class"]
    form.add_error("name", "该名称已被使用。")
    assert "is-invalid" in form.fields["name"].widget.attrs["class"]


def test_checkbox_lists_render_as_bootstrap_form_checks():
    html = str(_Form()["units"])
    assert html.count('class="form-check"') == 2
    assert 'class="form-check-input"' in html and 'class="form-check-label"' in html


def test_a_help_text_is_escaped_when_it_carries_what_a_person_typed():
    """A phase name (typed by the office) reaches the brand activity's help text."""
    from datetime import date

    from chuangxian.activities.forms import ActivityForm
    from chuangxian.activities.selectors import BrandWindow

    payload = '<img src=x onerror="alert(1)">第三阶段'
    form = ActivityForm(
        units=[(1, "甲")],
        allow_whole_tenant=True,
        brand=BrandWindow(phase_name=payload, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30)),
    )
    html = str(form["is_brand"].as_field_group())
    assert payload not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;第三阶段" in html
