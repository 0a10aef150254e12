"""Activity pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.activities import selectors
from chuangxian.activities.audience import activity_groups, groups_label
from chuangxian.activities.forms import ActivityForm, CloseForm, PhotoForm
from chuangxian.activities.models import Activity, ActivityKind, ActivityStatus, Registration
from chuangxian.activities.permissions import (
    access_activity,
    access_activity_photo,
    access_organiser_unit,
    can_manage_activity,
)
from chuangxian.activities.services import (
    ACTIVITY_FIELDS,
    CHECKIN,
    ActivityData,
    activity_close,
    activity_create,
    activity_photo_add,
    activity_publish,
    activity_update,
    attendance_checkin,
    attendance_set,
    registration_cancel,
    registration_signup,
)
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.selectors import campaign_current_for_tenant
from chuangxian.core.actors import Actor, actor_of
from chuangxian.core.checkin.views import host_qr_context, scan_checkin
from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.core.roles import Capability
from chuangxian.core.views import paginate, require, stored_file_response, upload_with_messages
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for, scope_for, tenant_id_for
from chuangxian.orgs.selectors import unit_choices

TABS = ("open", "all", "mine", "organised")


def _managed_units(user: Actor) -> list[Unit]:
    scope = scope_for(user, Capability.MANAGE)
    if scope.is_empty() or scope.tenant_id is None:
        return []
    return list(Unit.objects.filter(tenant_id=scope.tenant_id, path__in=scope.prefixes).order_by("path"))


def _list_filter(request: AuthedRequest, tab: str) -> ListFilterForm:
    """Search, kind, organiser and start date on every tab; the status where drafts show (organised)."""
    tenant_id = tenant_id_for(request.user)
    choices: dict[str, Any] = {
        "kind": (_("类型"), ActivityKind.choices),
        "unit": (_("主办单位"), unit_choices(tenant_id) if tenant_id is not None else []),
    }
    if tab == "organised":
        choices["status"] = (_("状态"), ActivityStatus.choices)
    return ListFilterForm(
        request.GET,
        search_label=_("活动名称、地点或内容"),
        choices=choices,
        dates=_("开始日期"),
        keep=("tab",),
    )


def activity_list(request: AuthedRequest) -> HttpResponse:
    member = member_for(request.user)
    managed = _managed_units(request.user)
    tab = request.GET.get("tab", "open")
    if tab not in TABS or (tab == "organised" and not managed) or (tab != "organised" and member is None):
        tab = "organised" if member is None and managed else "open"
    filter_form = _list_filter(request, tab)
    filters = filter_form.filter
    if tab == "organised":
        items = selectors.activities_organised_in(scope_for(request.user, Capability.MANAGE), filters=filters)
    elif member is None:
        items = Activity.objects.none()
    else:
        items = selectors.activities_of_member_tab(member, tab, filters=filters)
    return render(
        request,
        "activities/list.html",
        {
            "tab": tab,
            "page": paginate(request, items, per_page=30),
            "managed": managed,
            "has_member": member is not None,
            "filter_form": filter_form,
        },
    )


def _form(
    request: AuthedRequest, unit: Unit, initial: dict[str, Any], campaign: Campaign | None
) -> ActivityForm:
    units = unit_choices(unit.tenant_id)
    if not unit.is_root():
        allowed = set(
            Unit.objects.filter(tenant_id=unit.tenant_id, path__startswith=unit.path).values_list(
                "pk", flat=True
            )
        )
        units = [(pk, label) for pk, label in units if pk in allowed]
    return ActivityForm(
        request.POST or None,
        initial=initial,
        units=units,
        allow_whole_tenant=unit.is_root(),
        brand=selectors.brand_window(campaign) if campaign is not None else None,
    )


def _data(form: ActivityForm, unit: Unit) -> ActivityData:
    data = dict(form.cleaned_data)
    data.pop("cancel_outside", None)
    ids = [int(pk) for pk in data.pop("audience_units")]
    data["audience_groups"] = tuple(data["audience_groups"])
    data.setdefault("whole_tenant", False)
    units = list(Unit.objects.filter(tenant_id=unit.tenant_id, pk__in=ids))
    return ActivityData(audience_units=units, **data)


def activity_create_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_organiser_unit(request.user, unit_id)
    campaign = campaign_current_for_tenant(unit.tenant_id)
    initial: dict[str, Any] = {
        "whole_tenant": unit.is_root(),
        "audience_units": [] if unit.is_root() else [unit.pk],
    }
    form = _form(request, unit, initial, campaign)
    if campaign is None:
        form.add_error(None, _("目前没有进行中的创先活动，暂不能组织活动。"))
    elif request.method == "POST" and form.is_valid():
        try:
            activity = activity_create(
                campaign=campaign, unit=unit, data=_data(form, unit), actor=request.user
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("已创建活动「%(title)s」（草稿），确认无误后请发布。") % {"title": activity.title}
            )
            return redirect("activities:organise", activity_id=activity.pk)
    return render(request, "activities/form.html", {"form": form, "unit": unit, "title": _("组织活动")})


def activity_edit(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, manage=True)
    initial: dict[str, Any] = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    initial["audience_units"] = [row.unit_id for row in activity.audience.all()]
    initial["audience_groups"] = activity_groups(activity)
    form = _form(request, activity.unit, initial, activity.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            activity_update(
                activity=activity,
                data=_data(form, activity.unit),
                actor=request.user,
                cancel_outside=form.cleaned_data.get("cancel_outside", False),
            )
        except DomainError as error:
            if error.code == "audience_excludes_registered":
                form.ask_cancel_outside()
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("activities:organise", activity_id=activity.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "unit": activity.unit, "activity": activity, "title": _("修改活动")},
    )


def activity_detail(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id)
    member = member_for(request.user)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "mine": selectors.my_registration(activity, member),
            "counts": selectors.activity_counts(activity),
            "audience": [row.unit for row in activity.audience.all()],
            "groups": groups_label(activity_groups(activity)),
            "can_manage": can_manage_activity(request.user, activity),
            "photos": selectors.activity_photos(activity),
        },
    )


@require_POST
def signup(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id)
    member = member_for(request.user)
    require(member is not None)
    assert member is not None
    try:
        registration = registration_signup(activity=activity, member=member, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if registration.position is None:
            messages.success(request, _("报名成功。"))
        else:
            messages.warning(request, _("名额已满，您已进入候补名单；有人取消时按顺序递补，届时会通知您。"))
    return redirect("activities:detail", activity_id=activity.pk)


def _cancel(request: AuthedRequest, activity: Activity, *, done: str, **lookup: Any) -> None:
    """Cancel the registration of ``activity`` matching ``lookup`` (404 if none); tell how it went."""
    registration = Registration.objects.filter(
        tenant_id=activity.tenant_id, activity=activity, **lookup
    ).first()
    require(registration is not None)
    assert registration is not None
    try:
        registration_cancel(registration=registration, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


@require_POST
def cancel(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id)
    _cancel(request, activity, done=_("已取消报名。"), member=member_for(request.user))
    return redirect("activities:detail", activity_id=activity.pk)


@require_POST
def cancel_for(request: AuthedRequest, activity_id: int, registration_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, manage=True)
    _cancel(request, activity, done=_("已取消该会员的报名。"), pk=registration_id)
    return redirect("activities:organise", activity_id=activity.pk)


def organise(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, manage=True)
    return render(
        request,
        "activities/organise.html",
        {
            "activity": activity,
            "roster": selectors.activity_roster(activity),
            "counts": selectors.activity_counts(activity),
            "close_form": CloseForm(),
            "photo_form": PhotoForm(),
            "photos": selectors.activity_photos(activity),
        },
    )


@require_POST
def publish(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, manage=True)
    try:
        activity_publish(activity=activity, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("活动已发布，参加范围内的会员现在可以报名。"))
    return redirect("activities:organise", activity_id=activity.pk)


@require_POST
def close(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, manage=True)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            activity_close(activity=activity, report=form.cleaned_data["report"], actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("活动已结束。"))
            return redirect("activities:organise", activity_id=activity.pk)
    else:
        messages.error(request, _("请写几句活动总结再结束活动。"))
    return redirect("activities:organise", activity_id=activity.pk)


@require_POST
def attendance(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, manage=True)
    try:
        ids = [int(v) for v in request.POST.getlist("attended")]
        added, removed = attendance_set(activity=activity, member_ids=ids, actor=request.user)
    except ValueError:
        messages.error(request, _("出席名单有误，请刷新页面后重新勾选。"))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("已保存出席名单：新增 %(a)s 人，取消 %(r)s 人。") % {"a": added, "r": removed}
        )
    return redirect("activities:organise", activity_id=activity.pk)


@require_POST
def photo_upload(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, manage=True)
    upload_with_messages(
        request,
        PhotoForm(request.POST, request.FILES),
        missing=_("请选择要上传的照片。"),
        store=lambda upload: activity_photo_add(
            activity=activity, upload=upload, name=upload.name or "", actor=request.user
        ),
    )
    return redirect("activities:organise", activity_id=activity.pk)


def photo_view(request: AuthedRequest, activity_id: int, photo_id: int) -> FileResponse:
    photo = access_activity_photo(request.user, activity_id, photo_id)
    return stored_file_response(photo.file, name=photo.original_name, inline_image=True)


def _host_qr_context(request: AuthedRequest, activity: Activity) -> dict[str, Any]:
    return {
        "activity": activity,
        "attended": selectors.activity_counts(activity)["attended"],
        **host_qr_context(request, adapter=CHECKIN, target=activity),
    }


def checkin_host(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, manage=True)
    return render(request, "activities/host.html", _host_qr_context(request, activity))


def checkin_host_qr(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, manage=True)
    return render(request, "includes/checkin_host_qr.html", _host_qr_context(request, activity))


@login_not_required
def checkin(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Opened by the phone's scanner; a GET records the check-in (the code is the proof of presence).
    A logged-out phone has its valid code remembered across the login (``core.checkin.views``)."""

    def record(code: str, scanned: bool) -> HttpResponse:
        result = attendance_checkin(
            activity_id=activity_id, code=code, actor=actor_of(request), scanned_before_login=scanned
        )
        return render(
            request, "activities/checkin_result.html", {"result": result, "activity": result.target}
        )

    return scan_checkin(
        request,
        adapter=CHECKIN,
        target_id=activity_id,
        record=record,
        template="activities/checkin_result.html",
    )
