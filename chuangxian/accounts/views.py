from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.accounts.forms import LoginForm, PasswordChangeForm, locked_message
from chuangxian.accounts.services import AccountError, password_change


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
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_change(
                user=request.user,  # type: ignore[arg-type]
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except AccountError as error:
            form.add_error(error.field, error.message)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, _("密码已修改。"))
            return redirect("home")
    forced = getattr(request.user, "must_change_password", False)
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})
