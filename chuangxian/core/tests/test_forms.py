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
