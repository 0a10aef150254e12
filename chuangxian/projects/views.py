"""Project pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.campaigns.models import Campaign, Theme
from chuangxian.campaigns.selectors import campaign_current_for_tenant
from chuangxian.core import clock
from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.forms import read_choices
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_guard
from chuangxian.core.views import paginate, require, stored_file_response
from chuangxian.orgs.models import Unit, UnitCategory
from chuangxian.orgs.permissions import belongs_to_a_tenant, officer_unit_ids, tenant_id_for
from chuangxian.orgs.selectors import member_choices_for_unit
from chuangxian.projects import selectors
from chuangxian.projects.forms import MilestoneForm, ProjectForm, UpdateForm
from chuangxian.projects.models import PersonRole, Project, ProjectStatus
from chuangxian.projects.permissions import (
    access_milestone,
    access_project,
    access_unit_projects,
    access_update_file,
    can_manage_project,
)
from chuangxian.projects.services import (
    ProjectData,
    Upload,
    milestone_add,
    milestone_complete,
    milestone_reopen,
    milestone_update,
    project_create,
    project_update,
    project_update_add,
)


@page_guard(belongs_to_a_tenant)
def project_list(request: AuthedRequest) -> HttpResponse:
    tenant_id = tenant_id_for(request.user)
    assert tenant_id is not None
    campaign = campaign_current_for_tenant(tenant_id)
    themes = list(campaign.themes.all()) if campaign else []
    # One read of the active units serves the unit filter and the buttons of the units the user runs.
    units = list(
        Unit.objects.filter(tenant_id=tenant_id, is_active=True)
        .only("id", "name", "depth", "path")
        .order_by("path")
    )
    own_unit_ids = set(officer_unit_ids(request.user))
    filter_form = ListFilterForm(
        request.GET,
        search_label=_("项目名称、目标、措施或单位"),
        choices={
            "theme": (_("主题"), [(theme.pk, theme.name) for theme in themes]),
            "category": (_("类别"), [(value, label) for value, label in UnitCategory.choices if value]),
            "status": (_("状态"), ProjectStatus.choices),
            "unit": (_("单位"), [(u.pk, f"{'　' * (u.depth - 1)}{u.name}") for u in units]),
        },
    )
    projects = selectors.project_list_for_tenant(tenant_id, campaign=campaign, filters=filter_form.filter)
    page = paginate(request, projects, per_page=30)
    rows = selectors.with_progress(page.object_list)
    from chuangxian.selections.selectors_projects import nominated_project_ids  # selections sits above

    nominated = nominated_project_ids(tenant_id, [project.pk for project in rows])
    return render(
        request,
        "projects/list.html",
        {
            "campaign": campaign,
            "page": page,
            "projects": rows,
            "nominated": nominated,
            "filter_form": filter_form,
            "own_units": [u for u in units if u.pk in own_unit_ids] if campaign else [],
        },
    )


def _form(request: AuthedRequest, unit: Unit, campaign: Campaign, initial: dict[str, Any]) -> ProjectForm:
    return ProjectForm(
        request.POST or None,
        initial=initial,
        themes=Theme.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign),
        members=member_choices_for_unit(unit),
    )


def _data(form: ProjectForm) -> ProjectData:
    cleaned = form.cleaned_data
    return ProjectData(
        theme=cleaned["theme"],
        title=cleaned["title"],
        goals=cleaned["goals"],
        measures=cleaned["measures"],
        budget=cleaned["budget"],
        status=cleaned["status"],
        responsible=tuple(cleaned["responsible"].select_related("unit")),
        participants=tuple(cleaned["participants"].select_related("unit")),
    )


def _add_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def project_create_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit_projects(request.user, unit_id)
    campaign = campaign_current_for_tenant(unit.tenant_id)
    require(campaign is not None)
    assert campaign is not None
    form = _form(request, unit, campaign, {})
    if request.method == "POST" and form.is_valid():
        try:
            project = project_create(unit=unit, campaign=campaign, data=_data(form), actor=request.user)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已登记项目「%(title)s」。") % {"title": project.title})
            return redirect("projects:detail", project_id=project.pk)
    read_choices(form)
    return render(request, "projects/form.html", {"form": form, "unit": unit, "title": _("登记项目")})


def project_edit(request: AuthedRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, manage=True)
    people = selectors.project_people_ids(project)
    initial = {
        "theme": project.theme_id,
        "title": project.title,
        "goals": project.goals,
        "measures": project.measures,
        "budget": project.budget,
        "status": project.status,
        "responsible": people[PersonRole.RESPONSIBLE],
        "participants": people[PersonRole.PARTICIPANT],
    }
    form = _form(request, project.unit, project.campaign, initial)
    if request.method == "POST" and form.is_valid():
        try:
            project_update(project=project, data=_data(form), actor=request.user)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("projects:detail", project_id=project.pk)
    read_choices(form)
    return render(
        request,
        "projects/form.html",
        {"form": form, "unit": project.unit, "project": project, "title": _("修改项目")},
    )


def _detail_context(request: AuthedRequest, project: Project, **forms: Any) -> dict[str, Any]:
    manage = can_manage_project(request.user, project)
    from chuangxian.awards.selectors import honours_of_project  # wiring: awards sits above projects
    from chuangxian.selections.selectors_projects import project_selections  # and so do selections

    context: dict[str, Any] = {
        "detail": selectors.project_detail(project),
        "can_manage": manage,
        "honours": honours_of_project(project.pk, project.tenant_id),
        "selections": project_selections(project, request.user),
    }
    if manage:
        context["milestone_form"] = forms.get("milestone_form") or MilestoneForm()
        context["update_form"] = forms.get("update_form") or UpdateForm(initial={"date": clock.today()})
    return context


def project_detail_view(request: AuthedRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id)
    return render(request, "projects/detail.html", _detail_context(request, project))


@require_POST
def milestone_add_view(request: AuthedRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, manage=True)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            milestone_add(project=project, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已添加节点。"))
            return redirect("projects:detail", project_id=project.pk)
    context = _detail_context(request, project, milestone_form=form)
    return render(request, "projects/detail.html", context, status=400)


def milestone_edit(request: AuthedRequest, project_id: int, milestone_id: int) -> HttpResponse:
    milestone = access_milestone(request.user, project_id, milestone_id)
    initial = {"title": milestone.title, "due_on": milestone.due_on, "weight": milestone.weight}
    form = MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            milestone_update(milestone=milestone, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("projects:detail", project_id=project_id)
    return render(
        request,
        "projects/milestone_form.html",
        {"form": form, "project": milestone.project, "milestone": milestone},
    )


def _milestone_action(
    request: AuthedRequest, project_id: int, milestone_id: int, action: Any
) -> HttpResponse:
    milestone = access_milestone(request.user, project_id, milestone_id)
    try:
        action(milestone=milestone, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("projects:detail", project_id=project_id)


@require_POST
def milestone_done(request: AuthedRequest, project_id: int, milestone_id: int) -> HttpResponse:
    return _milestone_action(request, project_id, milestone_id, milestone_complete)


@require_POST
def milestone_undo(request: AuthedRequest, project_id: int, milestone_id: int) -> HttpResponse:
    return _milestone_action(request, project_id, milestone_id, milestone_reopen)


@require_POST
def update_add(request: AuthedRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, manage=True)
    form = UpdateForm(request.POST, request.FILES)
    if form.is_valid():
        uploads = [Upload(name=f.name, content=f) for f in form.cleaned_data["attachments"]]
        try:
            project_update_add(
                project=project,
                day=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                uploads=uploads,
                actor=request.user,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已记录进展。"))
            return redirect("projects:detail", project_id=project.pk)
    context = _detail_context(request, project, update_form=form)
    return render(request, "projects/detail.html", context, status=400)


def file_download(request: AuthedRequest, project_id: int, file_id: int) -> FileResponse:
    item = access_update_file(request.user, project_id, file_id)
    return stored_file_response(item.file, name=item.original_name, inline_image=True)
