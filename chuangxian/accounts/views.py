from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chuangxian.accounts.exports import initial_password_slips_pdf
from chuangxian.accounts.forms import (
    InitialPasswordModeForm,
    InitialPasswordSlipsForm,
    LoginForm,
    PasswordChangeForm,
    locked_message,
)
from chuangxian.accounts.permissions import can_manage_logins
from chuangxian.accounts.services import (
    AccountError,
    InitialPasswordSlip,
    initial_passwords_issue,
    password_change,
    tenant_initial_password_mode_set,
)
from chuangxian.core import clock
from chuangxian.core.errors import DomainError, NotFoundError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.models import InitialPasswordMode, Tenant
from chuangxian.core.views import download_response
from chuangxian.orgs.permissions import access_unit
from chuangxian.orgs.selectors import unit_choices


@login_not_required
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user, backend="chuangxian.accounts.backends.StaffNumberBackend")
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            return redirect(next_url)
        return redirect("home")
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@login_not_required
def locked_out(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """Axes lockout: the login page again, with a message that says how long to wait."""
    form = LoginForm(request)
    return render(request, "accounts/login.html", {"form": form, "error": locked_message()}, status=429)


@require_POST
def logout_view(request: AuthedRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


def password_change_view(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except AccountError as error:
            form.add_error(error.field, error.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("home")
    forced = getattr(request.user, "must_change_password", False)
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})


def _office_tenant(request: AuthedRequest) -> Tenant:
    """The tenant whose campaign office the user is; anyone else gets the same 404."""
    tenant_id: int | None = getattr(request.user, "tenant_id", None)
    if tenant_id is None or not can_manage_logins(request.user, tenant_id):
        raise NotFoundError()
    return Tenant.objects.get(pk=tenant_id)


def _initial_passwords_page(
    request: AuthedRequest,
    tenant: Tenant,
    *,
    mode_form: InitialPasswordModeForm | None = None,
    slips_form: InitialPasswordSlipsForm | None = None,
) -> HttpResponse:
    unit_id = request.GET.get("unit", "")
    return render(
        request,
        "accounts/initial_passwords.html",
        {
            "tenant": tenant,
            "random_mode": tenant.initial_password_mode == InitialPasswordMode.RANDOM,
            "mode_form": mode_form
            or InitialPasswordModeForm(initial={"initial_password_mode": tenant.initial_password_mode}),
            "slips_form": slips_form
            or InitialPasswordSlipsForm(
                initial={"unit": int(unit_id)} if unit_id.isdigit() else None,
                unit_choices=unit_choices(tenant.pk),
            ),
        },
    )


def initial_passwords(request: AuthedRequest) -> HttpResponse:
    """The campaign office's page: how members log in for the first time, and the printed slips."""
    tenant = _office_tenant(request)
    if request.method != "POST":
        return _initial_passwords_page(request, tenant)
    form = InitialPasswordModeForm(request.POST)
    if form.is_valid():
        try:
            tenant_initial_password_mode_set(
                tenant=tenant,
                mode=form.cleaned_data["initial_password_mode"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("初始密码方式已保存。"))
            return redirect("accounts:initial_passwords")
    return _initial_passwords_page(request, tenant, mode_form=form)


def slips_download(
    request: AuthedRequest, *, tenant: Tenant, title: str, slips: list[InitialPasswordSlip]
) -> HttpResponse:
    """The sheet of slips, straight to the browser (never stored, never cached)."""
    content = initial_password_slips_pdf(
        tenant=tenant,
        title=title,
        slips=slips,
        login_url=request.build_absolute_uri(reverse("accounts:login")),
        printed_on=clock.today(),
    )
    response = download_response(content, filename=_("%(name)s初始密码条.pdf") % {"name": title}, kind="pdf")
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_POST
def initial_password_slips(request: AuthedRequest) -> HttpResponse:
    """Issue random initial passwords to a unit's members who have not changed theirs, as a PDF."""
    tenant = _office_tenant(request)
    form = InitialPasswordSlipsForm(request.POST, unit_choices=unit_choices(tenant.pk))
    if form.is_valid():
        unit = access_unit(request.user, form.cleaned_data["unit"], manage=True)
        try:
            slips = initial_passwords_issue(unit=unit, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return slips_download(request, tenant=tenant, title=unit.name, slips=slips)
    return _initial_passwords_page(request, tenant, slips_form=form)
