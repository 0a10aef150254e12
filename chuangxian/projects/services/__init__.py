"""Every write to projects: the project itself, its milestones, and its dated progress updates.

All writes happen inside the campaign's window for projects (``PhaseAction.PROJECT``), unless the
office reopened it for the unit, and only by the unit's managers (``permissions.can_manage_project``,
checked here: anyone else gets ``Refused``). A project is nominated for the excellent-project
selection in the selections engine (``selections.services.entry_nominate``), not here.

The services live in one module per concern; this package re-exports them, so
``services.project_create`` and ``from chuangxian.projects.services import project_create`` work as
before. To patch a name in a test, patch the submodule that uses it.

- ``projects``: creating and editing a project, with its people;
- ``milestones``: adding, editing, completing and reopening milestones;
- ``updates``: dated progress updates with their files.
"""

from chuangxian.projects.services._common import MAX_FILES, PROJECT_FIELDS, ProjectData, ProjectError, Upload
from chuangxian.projects.services.milestones import (
    milestone_add,
    milestone_complete,
    milestone_reopen,
    milestone_update,
)
from chuangxian.projects.services.projects import project_create, project_update
from chuangxian.projects.services.updates import project_update_add, project_update_date_check

__all__ = [
    "MAX_FILES",
    "PROJECT_FIELDS",
    "ProjectData",
    "ProjectError",
    "Upload",
    "milestone_add",
    "milestone_complete",
    "milestone_reopen",
    "milestone_update",
    "project_create",
    "project_update",
    "project_update_add",
    "project_update_date_check",
]
