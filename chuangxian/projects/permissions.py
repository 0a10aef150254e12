"""Who may see and edit projects.

Every logged-in user of the tenant sees every project of the tenant (projects are public within the
school); only the unit's managers (chair, liaison, and the office above them: ``can_manage_unit``;
the system too) create, edit and record progress on them (``can_create_project``,
``can_manage_project``). Nominating a project for a selection is the selections engine's
(``selections.permissions.can_nominate``: the officers of the unit just below the school union).
The services check these rules themselves; a page's ``access_*`` gives everyone else, and every
other tenant, a 404.
"""

from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_manage_unit, in_tenant
from chuangxian.projects.models import Milestone, Project, UpdateFile


def can_view_project(user: Actor, project: Project) -> bool:
    return in_tenant(user, project.tenant_id)


def can_create_project(user: Actor, unit: Unit) -> bool:
    return can_manage_unit(user, unit)


def can_manage_project(user: Actor, project: Project) -> bool:
    return can_manage_unit(user, project.unit)


def access_project(
    user: Actor, project_id: int, *, manage: bool = False, for_update: bool = False
) -> Project:
    qs = actor_rows(Project.objects.select_related("unit", "theme", "campaign"), user)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    project = qs.filter(pk=project_id).first()
    if project is None:
        raise NotFoundError()
    allowed = can_manage_project(user, project) if manage else can_view_project(user, project)
    if not allowed:
        raise NotFoundError()
    return project


def access_unit_projects(user: Actor, unit_id: int) -> Unit:
    """A unit the user may create projects for."""
    unit = actor_rows(Unit.objects.all(), user).filter(pk=unit_id, is_active=True).first()
    if unit is None or not can_create_project(user, unit):
        raise NotFoundError()
    return unit


def access_milestone(user: Actor, project_id: int, milestone_id: int) -> Milestone:
    project = access_project(user, project_id, manage=True)
    milestone = Milestone.objects.filter(
        pk=milestone_id, project=project, tenant_id=project.tenant_id
    ).first()
    if milestone is None:
        raise NotFoundError()
    milestone.project = project
    return milestone


def access_update_file(user: Actor, project_id: int, file_id: int) -> UpdateFile:
    project = access_project(user, project_id)
    item = UpdateFile.objects.filter(pk=file_id, update__project=project, tenant_id=project.tenant_id).first()
    if item is None:
        raise NotFoundError()
    return item
