"""What every part of the project services shares: the error type, the form data, the manager and
open-window checks, and the locked project a write starts from."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign, PhaseAction, Theme
from chuangxian.campaigns.services import phase_require_open
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.orgs.models import Member, Unit
from chuangxian.projects.models import Project, ProjectStatus
from chuangxian.projects.permissions import can_create_project, can_manage_project

PROJECT_FIELDS = ("theme", "title", "goals", "measures", "budget", "status")
MAX_FILES = 9


class ProjectError(DomainError):
    pass


@dataclass(frozen=True)
class ProjectData:
    theme: Theme
    title: str
    goals: str
    measures: str = ""
    budget: Decimal | None = None
    status: str = ProjectStatus.ACTIVE
    responsible: tuple[Member, ...] = field(default_factory=tuple)
    participants: tuple[Member, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Upload:
    name: str
    content: IO[bytes]


def _not_manager() -> Refused:
    return Refused(_("只有本单位的主席、联络员或学校工会可以编辑项目。"), code="forbidden")


def _require_creator(actor: Actor, unit: Unit) -> None:
    if not can_create_project(actor, unit):
        raise _not_manager()


def _require_manager(actor: Actor, project: Project) -> None:
    if not can_manage_project(actor, project):
        raise _not_manager()


def _require_open(campaign: Campaign, unit: Unit) -> None:
    phase_require_open(campaign=campaign, action=PhaseAction.PROJECT, unit=unit)


def _locked_project(project: Project, actor: Actor) -> Project:
    project = (
        Project.objects.select_for_update()
        .select_related("unit", "campaign")
        .get(pk=project.pk, tenant_id=project.tenant_id)
    )
    _require_manager(actor, project)
    _require_open(project.campaign, project.unit)
    return project
