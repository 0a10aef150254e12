"""Form plumbing shared by every app: Bootstrap classes on widgets, one field template, the date
and time inputs, the member picker."""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from chuangxian.core.errors import DomainError
from chuangxian.core.selects import FASTER
from chuangxian.core.selects import SelectMultiple as PythonSelectMultiple


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class (and ``is-invalid`` when the field has errors)."""
    for name, field in form.fields.items():
        widget = field.widget
        faster = FASTER.get(type(widget))
        if faster is not None:  # the same markup, written in Python (core.selects)
            widget.__class__ = faster
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.HiddenInput):
            continue
        else:
            css = "form-control"
        errors = getattr(form, "_errors", None)
        if errors and name in errors:
            css += " is-invalid"
        classes = [c for c in widget.attrs.get("class", "").split() if c != "is-invalid"]
        for c in css.split():
            if c not in classes:
                classes.append(c)
        widget.attrs["class"] = " ".join(classes)


class StyledFormMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        style_widgets(self)  # type: ignore[arg-type]

    def add_error(self, field: str | None, error: Any) -> None:
        """Errors a view adds after validation (a service's refusal) outline their field too."""
        super().add_error(field, error)  # type: ignore[misc]
        style_widgets(self)  # type: ignore[arg-type]


def check_rule(form: forms.BaseForm, rule: Callable[[], object]) -> None:
    """Run a service's rule from a form's ``clean()`` on the values cleaned so far.

    Its refusal then shows with the other fields' errors in the same response, instead of only after
    they are fixed (the service runs only on a valid form). The service still checks again when it
    writes. The DomainError's ``field`` says where the message goes; its ``code`` is kept.
    """
    try:
        rule()
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, forms.ValidationError(error.message, code=error.code))


def read_choices(form: forms.BaseForm) -> None:
    """Read the options of the form's model choice fields now, in the view, for a form about to be
    shown: its template then runs no query (no template does: tests/test_template_queries.py). The
    fields still validate against their querysets."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.choices = list(cast(ModelChoiceIterator, field.choices))


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


class DateInput(forms.DateInput):
    """``<input type=date>``: the browser takes only YYYY-MM-DD, so the value is written in ISO whatever
    the language's display format (zh-hans would write 2026/12/03, which the input drops)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """``<input type=datetime-local>``: the browser takes only YYYY-MM-DDTHH:MM."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MemberPickerWidget(PythonSelectMultiple):
    """Choose several members on a phone: type a name, pinyin initials ("zw" finds 张伟) or a staff
    number, tap to add, tap × to remove.

    The options stay server-rendered (a unit has at most a few hundred members); each carries the
    member's initials and staff number, which ``js/member-picker.js`` hands to Tom Select's search.
    Without JavaScript it is the plain multi-select it is built on. For a ModelMultipleChoiceField
    of members.
    """

    class Media:
        css = {"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css"]}
        js = [
            forms.Script("vendor/tom-select/js/tom-select.complete.min.js", defer=True),
            forms.Script("js/member-picker.js", defer=True),
        ]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "size": 8,
            "data-member-picker": "",
            "data-placeholder": _("输入姓名、拼音首字母或工号"),
            "data-no-results": _("没有找到这位会员"),
        }
        super().__init__({**defaults, **(attrs or {})})

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        member = getattr(option["value"], "instance", None)
        if member is not None:
            option["attrs"]["data-initials"] = member.name_initials
            option["attrs"]["data-staff-no"] = member.staff_no
        return option


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; ``cleaned_data`` is a list (empty when none was chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []
