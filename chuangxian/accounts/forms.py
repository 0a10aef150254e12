from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chuangxian.accounts.models import User
from chuangxian.core.forms import StyledFormMixin, set_choices
from chuangxian.core.models import InitialPasswordMode, Tenant


def tenants_for_request(request: HttpRequest) -> list[Tenant]:
    """The tenants a login page offers: the one bound to this host name, else all active ones."""
    tenants = list(Tenant.objects.filter(is_active=True).order_by("name"))
    host = request.get_host().split(":")[0].lower()
    bound = [t for t in tenants if host in t.host_list]
    return bound or tenants


class LoginForm(StyledFormMixin, forms.Form):
    tenant = forms.ModelChoiceField(queryset=Tenant.objects.none(), label=_("学校"), required=False)
    username = forms.CharField(
        label=_("工号"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        tenants = tenants_for_request(request)
        self.fields["tenant"].queryset = (  # type: ignore[attr-defined]
            Tenant.objects.filter(pk__in=[t.pk for t in tenants])
        )
        if len(tenants) == 1:
            self.fields["tenant"].initial = tenants[0].pk
            self.fields["tenant"].widget = forms.HiddenInput()
        self.single_tenant = tenants[0] if len(tenants) == 1 else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tenant = data.get("tenant") or self.single_tenant
        username, password = data.get("username"), data.get("password")
        if username and password:
            user = authenticate(self.request, tenant=tenant, username=username, password=password)
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(locked_message(), code="locked")
            if user is None:
                raise forms.ValidationError(self._invalid_login_message(tenant), code="invalid_login")
            self.user = user
        return data

    @staticmethod
    def _invalid_login_message(tenant: Tenant | None) -> str:
        """Names the first-login password the school actually uses (never the ID rule when it is off)."""
        if tenant is not None and tenant.initial_password_mode == InitialPasswordMode.RANDOM:
            return str(_("工号或密码不正确。首次登录请使用工会发放的密码条上的初始密码。"))
        return str(
            _("工号或密码不正确。首次登录请使用初始密码（身份证号后六位，或学校工会通知的初始密码）。")
        )


def locked_message() -> str:
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return str(
        _("密码连续输错 %(count)s 次，账号已暂时锁定，请 %(minutes)s 分钟后再试，或联系学校工会重置密码。")
        % {"count": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    )


class PasswordChangeForm(StyledFormMixin, forms.Form):
    old_password = forms.CharField(
        label=_("原密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，不能全是数字，不要与工号或姓名相近。"),
    )
    new_password2 = forms.CharField(
        label=_("再输一次新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class InitialPasswordModeForm(StyledFormMixin, forms.Form):
    initial_password_mode = forms.ChoiceField(
        label=_("初始密码方式"), choices=InitialPasswordMode.choices, widget=forms.RadioSelect
    )


class InitialPasswordSlipsForm(StyledFormMixin, forms.Form):
    unit = forms.TypedChoiceField(
        label=_("为哪个组织打印"),
        coerce=int,
        help_text=_("包括该组织的全部下级组织；只给还没有修改过密码的在职会员发放新密码。"),
    )

    def __init__(self, *args: Any, unit_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "unit", [("", _("（请选择组织）")), *unit_choices])
