"""Selection pages: access → form → service → redirect or render. An entry's pages are in
``views_entries``, the office's types and records in ``views_office``."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.campaigns.models import Campaign
from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.forms import read_choices
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_guard
from chuangxian.core.views import paginate, require
from chuangxian.orgs.permissions import belongs_to_a_tenant, is_tenant_office, tenant_id_for
from chuangxian.selections import selectors
from chuangxian.selections.exports import NominationsExporter
from chuangxian.selections.forms import (
    NominateForm,
    SelectionEditForm,
    SelectionForm,
    StageSetForm,
)
from chuangxian.selections.models import (
    EntryKind,
    Selection,
    SelectionStatus,
    SelectionType,
    Stage,
)
from chuangxian.selections.permissions import (
    access_nominating_unit,
    access_selection,
    can_configure_selections,
    can_nominate,
)
from chuangxian.selections.selectors_poll import poll_link_of
from chuangxian.selections.services import (
    entry_nominate,
    selection_advance,
    selection_create,
    selection_open,
    selection_stage_set,
    selection_update,
)


def add_error(form: Any, error: DomainError) -> None:
    """A service's refusal shown on its field, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@page_guard(belongs_to_a_tenant)
def index(request: AuthedRequest) -> HttpResponse:
    tenant_id = tenant_id_for(request.user)
    assert tenant_id is not None
    types = selectors.type_list_for_tenant(tenant_id)
    filter_form = ListFilterForm(
        request.GET,
        search_label=_("评选标题、类型或创先活动"),
        choices={
            "status": (_("状态"), SelectionStatus.choices),
            "type": (_("类型"), [(t.pk, t.name) for t in types]),
        },
    )
    page = paginate(
        request, selectors.selection_list_for_tenant(tenant_id, filters=filter_form.filter), per_page=30
    )
    return render(
        request,
        "selections/index.html",
        {
            "page": page,
            "filter_form": filter_form,
            "can_configure": can_configure_selections(request.user, tenant_id),
        },
    )


@page_guard(is_tenant_office)
def selection_new(request: AuthedRequest) -> HttpResponse:
    tenant_id = tenant_id_for(request.user)
    assert tenant_id is not None
    form = SelectionForm(request.POST or None)
    form.fields["type"].queryset = SelectionType.objects.filter(  # type: ignore[attr-defined]
        tenant_id=tenant_id, is_active=True
    )
    campaigns = list(Campaign.objects.filter(tenant_id=tenant_id).order_by("-created_at").only("id", "title"))
    form.fields["campaign"].choices = [(c.pk, c.title) for c in campaigns]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = next(c for c in campaigns if c.pk == data["campaign"])
        try:
            selection = selection_create(
                campaign=campaign,
                selection_type=data["type"],
                title=data["title"],
                nomination_ends_on=data["nomination_ends_on"],
                description=data["description"],
                actor=request.user,
            )
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("已新建评选「%(title)s」（筹备中）。") % {"title": selection.title})
            return redirect("selections:detail", selection_id=selection.pk)
    read_choices(form)
    return render(request, "selections/selection_form.html", {"form": form})


def selection_edit(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    form = SelectionEditForm(
        request.POST or None,
        initial={
            "title": selection.title,
            "nomination_ends_on": selection.nomination_ends_on,
            "description": selection.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            selection_update(selection=selection, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("selections:detail", selection_id=selection.pk)
    return render(request, "selections/selection_form.html", {"form": form, "selection": selection})


def _detail_context(request: AuthedRequest, selection: Selection, **forms: Any) -> dict[str, Any]:
    rows = selectors.quota_rows(selection)
    configure = can_configure_selections(request.user, selection.tenant_id)
    nominating = selection.status == SelectionStatus.OPEN and selection.stage == Stage.NOMINATION
    context: dict[str, Any] = {
        "selection": selection,
        "rows": rows,
        "entries": selectors.entries_visible(selection, request.user),
        "own_units": [row.unit for row in rows if can_nominate(request.user, row.unit)],
        "nominating": nominating,
        "can_configure": configure,
        "stages": [(s, Stage(s).label) for s in selection.stages],
        "next_stage": _next_stage(selection),
        "can_export": NominationsExporter().may_run(request.user, selection=selection),
        "poll_link": poll_link_of(selection, request.user),
    }
    if configure and selection.status != SelectionStatus.DRAFT:
        context["stage_form"] = forms.get("stage_form") or StageSetForm(stages=selection.stages)
    return context


def _next_stage(selection: Selection) -> str | None:
    if selection.status != SelectionStatus.OPEN:
        return None
    index = selection.stages.index(selection.stage)
    return str(Stage(selection.stages[index + 1]).label) if index + 1 < len(selection.stages) else None


def detail(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id)
    return render(request, "selections/detail.html", _detail_context(request, selection))


def _selection_action(request: AuthedRequest, selection_id: int, call: Any, done: str) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    try:
        call(selection)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("selections:detail", selection_id=selection.pk)


@require_POST
def selection_open_view(request: AuthedRequest, selection_id: int) -> HttpResponse:
    return _selection_action(
        request,
        selection_id,
        lambda s: selection_open(selection=s, actor=request.user),
        _("评选已开始，各单位可以推荐。"),
    )


@require_POST
def selection_advance_view(request: AuthedRequest, selection_id: int) -> HttpResponse:
    from_stage = request.POST.get("from_stage", "")
    return _selection_action(
        request,
        selection_id,
        lambda s: selection_advance(selection=s, from_stage=from_stage, actor=request.user),
        _("已进入下一环节。"),
    )


@require_POST
def selection_stage_set_view(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    require(selection.status != SelectionStatus.DRAFT)
    form = StageSetForm(request.POST, stages=selection.stages)
    if form.is_valid():
        try:
            selection_stage_set(
                selection=selection,
                stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("已调整评选环节。"))
            return redirect("selections:detail", selection_id=selection.pk)
    context = _detail_context(request, selection, stage_form=form)
    return render(request, "selections/detail.html", context, status=400)


def _candidate_choices(selection: Selection, unit: Any) -> list[tuple[int, str]]:
    kind = selection.type.entry_kind
    if kind == EntryKind.PROJECT:
        return [(p.pk, f"{p.title}（{p.unit.name}）") for p in selectors.project_choices(selection, unit)]
    if kind == EntryKind.UNIT:
        return [(u.pk, f"{'　' * (u.depth - unit.depth)}{u.name}") for u in selectors.unit_choices(unit)]
    return []


def _candidate(selection: Selection, unit: Any, value: Any) -> Any:
    """The candidate the form names, within the unit's subtree; None when there is none."""
    kind = selection.type.entry_kind
    if kind == EntryKind.MEMBER:
        return selectors.member_by_staff_no(unit, str(value))
    rows = (
        selectors.project_choices(selection, unit)
        if kind == EntryKind.PROJECT
        else selectors.unit_choices(unit)
    )
    return next((row for row in rows if row.pk == value), None)


def nominate(request: AuthedRequest, selection_id: int, unit_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id)
    unit = access_nominating_unit(request.user, selection, unit_id)
    choices = _candidate_choices(selection, unit)
    form = NominateForm(
        request.POST or None,
        request.FILES or None,
        kind=selection.type.entry_kind,
        choices=choices,
        initial={"candidate": request.GET.get("candidate", "")},  # the project page's link names it
    )
    if request.method == "POST" and form.is_valid():
        candidate = _candidate(selection, unit, form.cleaned_data["candidate"])
        if candidate is None:
            form.add_error("candidate", _("本单位（含下属工会小组）没有这个工号的会员。"))
        else:
            upload = form.cleaned_data["minutes"]
            try:
                entry = entry_nominate(
                    selection=selection,
                    unit=unit,
                    candidate=candidate,
                    summary=form.cleaned_data["summary"],
                    minutes=upload,
                    minutes_name=upload.name,
                    actor=request.user,
                )
            except DomainError as error:
                add_error(form, error)
            else:
                messages.success(request, _("已推荐「%(name)s」。") % {"name": entry.candidate_name})
                return redirect("selections:detail", selection_id=selection.pk)
    quota = selectors.unit_quota(selection, unit)
    return render(
        request,
        "selections/nominate.html",
        {
            "selection": selection,
            "unit": unit,
            "form": form,
            "quota": quota,
            "used": selectors.entries_used(selection, unit),
            "entries": selectors.entries_visible(selection, request.user, unit=unit),
            "nominating": selection.status == SelectionStatus.OPEN and selection.stage == Stage.NOMINATION,
        },
        status=400 if request.method == "POST" else 200,
    )
