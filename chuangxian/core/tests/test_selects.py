"""The selects written in Python (core.selects) give Django's own markup, escaped the same way."""

import re

import pytest
from django import forms
from django.utils.safestring import mark_safe

from chuangxian.core import selects
from chuangxian.core.forms import FormRenderer, MemberPickerWidget, StyledFormMixin

RENDERER = FormRenderer()
HOSTILE = "<script>alert(\"x\")</script> & '引号'"


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html).strip())


def _django(
    widget_class: type[forms.Widget], python_class: type[forms.Widget], **render: object
) -> tuple[str, str]:
    choices = render.pop("choices")
    attrs = render.pop("attrs", None)
    django_widget = widget_class(attrs=attrs, choices=choices)  # type: ignore[call-arg]
    python_widget = python_class(attrs=attrs, choices=choices)  # type: ignore[call-arg]
    return (
        _normal(django_widget.render(renderer=RENDERER, **render)),  # type: ignore[arg-type]
        _normal(python_widget.render(renderer=RENDERER, **render)),  # type: ignore[arg-type]
    )


CHOICES = [
    ("", "---------"),
    (1, "张伟"),
    (2, HOSTILE),
    ("a&b", mark_safe("<b>安全标签</b>")),
    ("组", [(3, "第一组"), (4, HOSTILE)]),
    (HOSTILE, "值里有标签"),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", "a&b", 4, HOSTILE])
def test_a_select_is_written_as_django_writes_it(value):
    attrs = {"class": "form-select", "data-x": HOSTILE, "required": True, "disabled": False, "id": "id_f"}
    ours, django = _django(forms.Select, selects.Select, name="f", value=value, choices=CHOICES, attrs=attrs)
    assert ours == django
    assert "<script>" not in ours


@pytest.mark.parametrize("value", [None, [], [1, 4], ["a&b", HOSTILE]])
def test_a_multiple_select_is_written_as_django_writes_it(value):
    ours, django = _django(
        forms.SelectMultiple,
        selects.SelectMultiple,
        name="m",
        value=value,
        choices=CHOICES,
        attrs={"size": 8},
    )
    assert ours == django
    assert ours.count(" selected") == len(value or [])


def test_an_option_with_a_template_of_its_own_still_uses_it():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    class PythonCustom(selects.PythonSelectMixin, Custom):
        pass

    ours, django = _django(Custom, PythonCustom, name="c", value=1, choices=[(1, "一"), (2, "二")])
    assert ours == django
    assert 'type="select"' in ours or "<input" in ours or 'value="1"' in ours


def test_a_styled_form_renders_its_plain_selects_in_python():
    class Form(StyledFormMixin, forms.Form):
        one = forms.ChoiceField(choices=[(1, "一")])
        many = forms.MultipleChoiceField(choices=[(1, "一")])
        picker = forms.MultipleChoiceField(choices=[(1, "一")], widget=MemberPickerWidget())
        radio = forms.ChoiceField(choices=[(1, "一")], widget=forms.RadioSelect)

    form = Form()
    assert type(form.fields["one"].widget) is selects.Select
    assert type(form.fields["many"].widget) is selects.SelectMultiple
    assert isinstance(form.fields["picker"].widget, selects.PythonSelectMixin)
    assert type(form.fields["radio"].widget) is forms.RadioSelect  # not a select: left alone
    assert type(Form.base_fields["one"].widget) is forms.Select  # the class's own field is untouched
    assert 'class="form-select"' in str(form["one"])
