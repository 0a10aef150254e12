from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import StyledFormMixin
from chuangxian.roster.models import DepartureStatus, ImportMode


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("名册文件"),
        help_text=_("Excel（.xlsx、.xls）或 CSV 文件。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.txt"}),
    )
    mode = forms.ChoiceField(
        label=_("导入方式"),
        choices=ImportMode.choices,
        initial=ImportMode.PARTIAL,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    departure_status = forms.ChoiceField(
        label=_("名册中没有的在职会员标记为"),
        choices=DepartureStatus.choices,
        initial=DepartureStatus.LEFT,
        required=False,
        help_text=_("仅全量导入时使用。会员不会被删除。"),
    )

    def clean_departure_status(self) -> str:
        return self.cleaned_data.get("departure_status") or DepartureStatus.LEFT

    @property
    def max_megabytes(self) -> int:
        return int(settings.ROSTER_IMPORT_MAX_BYTES // (1024 * 1024))


class ConfirmForm(StyledFormMixin, forms.Form):
    """Full imports that mark members as departed need an explicit tick."""

    acknowledge = forms.BooleanField(required=False)

    def __init__(self, *args: Any, departures: int = 0, departure_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.departures = departures
        field = self.fields["acknowledge"]
        field.required = departures > 0
        field.label = _("我已核对：名册中没有的 %(count)s 名在职会员将被标记为%(status)s") % {
            "count": departures,
            "status": departure_label,
        }
        field.error_messages["required"] = _("请先勾选确认将这些会员标记为%(status)s。") % {
            "status": departure_label
        }
