"""Who may see and edit projects.

Every logged-in user of the tenant sees every project of the tenant (projects are public within the
school); only the unit's managers (chair, liaison, and the office above them: ``can_manage_unit``)
create and edit them. Everyone else, and every other tenant, gets a 404.
"""

from typing import Any

from chuangxian.core.errors import NotFoundError
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_manage_unit, in_tenant
from chuangxian.projects.models import Milestone, Project, UpdateFile


def can_view_project(user: Any, project: Project) -> bool:
    return in_tenant(user, project.tenant_id)


def can_manage_project(user: Any, project: Project) -> bool:
    return can_manage_unit(user, project.unit)


def access_project(user: Any, project_id: int, *, manage: bool = False, for_update: bool = False) -> Project:
    qs = Project.objects.select_related("unit", "theme", "campaign")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    project = qs.filter(pk=project_id).first()
    if project is None:
        raise NotFoundError()
    allowed = can_manage_project(user, project) if manage else can_view_project(user, project)
    if not allowed:
        raise NotFoundError()
    return project


def access_unit_projects(user: Any, unit_id: int) -> Unit:
    """A unit the user may create projects for."""
    unit = Unit.objects.filter(pk=unit_id, is_active=True).first()
    if unit is None or not can_manage_unit(user, unit):
        raise NotFoundError()
    return unit


def access_milestone(user: Any, project_id: int, milestone_id: int) -> Milestone:
    project = access_project(user, project_id, manage=True)
    milestone = Milestone.objects.filter(
        pk=milestone_id, project=project, tenant_id=project.tenant_id
    ).first()
    if milestone is None:
        raise NotFoundError()
    milestone.project = project
    return milestone


def access_update_file(user: Any, project_id: int, file_id: int) -> UpdateFile:
    project = access_project(user, project_id)
    item = UpdateFile.objects.filter(pk=file_id, update__project=project, tenant_id=project.tenant_id).first()
    if item is None:
        raise NotFoundError()
    return item
