"""Select widgets written in Python instead of Django's widget templates.

Django renders every ``<option>`` of a select through two template includes (the option and its
attributes): a member picker with a few hundred members took 40 ms of a form page's 60 (the
projects form, bench/pages.py). These classes produce the same markup from the same context
(``get_context``: the options, their ``selected``, their attributes), with every name, value and
label escaped as the templates escape them. ``style_widgets`` gives them to every styled form's
plain selects; an option with a template of its own still goes through that template.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

DEFAULT_OPTION_TEMPLATE = forms.Select.option_template_name


def attrs_html(attrs: dict[str, Any]) -> SafeString:
    """``django/forms/widgets/attrs.html``: False leaves the attribute out, True writes its bare
    name, anything else ``name="value"`` (escaped)."""
    return _joined(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


def _joined(parts: Iterable[SafeString | str]) -> SafeString:
    """Concatenate markup: each part is escaped unless it is already safe (format_html's output)."""
    return format_html_join("", "{}", ((part,) for part in parts))


class PythonSelectMixin:
    """``render`` for ``forms.Select`` and its subclasses, without the widget templates."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        out = [format_html('<select name="{}"{}>', widget["name"], attrs_html(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                if option["template_name"] != DEFAULT_OPTION_TEMPLATE:
                    option_renderer = renderer or self.renderer  # type: ignore[attr-defined]
                    # The template's own output, safe as rendered (renderer.render strips it to a str).
                    template = option_renderer.get_template(option["template_name"])
                    html = template.render({"widget": option})
                    out.append(format_html("\n  {}", html))
                    continue
                out.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>',
                        str(option["value"]),
                        attrs_html(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                out.append(format_html("{}</optgroup>", "\n  "))
        out.append(format_html("{}</select>", "\n"))
        return _joined(out)


class Select(PythonSelectMixin, forms.Select):
    pass


class SelectMultiple(PythonSelectMixin, forms.SelectMultiple):
    pass


# The plain Django classes a styled form's widgets are moved onto (the subclasses add only render).
FASTER = {forms.Select: Select, forms.SelectMultiple: SelectMultiple}
