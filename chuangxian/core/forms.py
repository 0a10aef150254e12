"""Form plumbing shared by every app: Bootstrap classes on widgets, one field template, the date
and time inputs."""

from typing import Any, cast

from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class (and ``is-invalid`` when the field has errors)."""
    for name, field in form.fields.items():
        widget = field.widget
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
