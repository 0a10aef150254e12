"""Every write to tasks (阶段任务) and unit tasks: defining, syncing, assigning, submitting, reviewing.

Each function decides itself who may act (``permissions``: the office defines tasks, reviews and
names the responsible person; the unit's chair or liaison, an officer above them, the office, or the
task's responsible person submits), whatever the view checked, and raises ``core.errors.Refused``
(code 'forbidden') before it changes anything; and it checks the domain rules: the
phase belongs to the campaign, the responsible person belongs to the unit, the submission is inside
the window, the evidence is the unit's own.

The services live in one module per concern; this package re-exports them, so
``services.task_create`` and ``from chuangxian.assignments.services import task_create`` work as
before. To patch a name in a test, patch the submodule that uses it.

- ``_common``: the error type, the authority checks, the login to record;
- ``tasks``: a task's rules, creating, changing and deleting it;
- ``defaults``: the seed's default tasks;
- ``unit_tasks``: each unit's task (sync) and its responsible person;
- ``submissions``: a unit starting, submitting, marking done; the office's review.
"""

from chuangxian.assignments.services._common import AssignmentError
from chuangxian.assignments.services.defaults import DEFAULT_TASKS, tasks_create_defaults
from chuangxian.assignments.services.submissions import (
    DOCUMENT_KINDS,
    SUBMITTABLE,
    unit_task_mark_done,
    unit_task_review,
    unit_task_start,
    unit_task_submit,
)
from chuangxian.assignments.services.tasks import (
    TASK_FIELDS,
    task_create,
    task_delete,
    task_due_check,
    task_update,
)
from chuangxian.assignments.services.unit_tasks import (
    campaign_tasks_sync,
    unit_task_set_responsible,
    unit_tasks_sync,
)

__all__ = [
    "DEFAULT_TASKS",
    "DOCUMENT_KINDS",
    "SUBMITTABLE",
    "TASK_FIELDS",
    "AssignmentError",
    "campaign_tasks_sync",
    "task_create",
    "task_delete",
    "task_due_check",
    "task_update",
    "tasks_create_defaults",
    "unit_task_mark_done",
    "unit_task_review",
    "unit_task_set_responsible",
    "unit_task_start",
    "unit_task_submit",
    "unit_tasks_sync",
]
