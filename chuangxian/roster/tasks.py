"""Background jobs of a roster import: thin, id-based, safe to run twice.

The database backend runs them under ``manage.py db_worker``; tests use the immediate backend.
Each task loads the import by id and calls one service; a finished import makes it a no-op.
"""

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.roster.models import ImportStatus, RosterImport
from chuangxian.roster.services import roster_import_confirm, roster_import_confirm_failed, roster_import_plan

logger = logging.getLogger(__name__)


@task()
def roster_import_plan_task(roster_import_id: int) -> str:
    """Check a large upload and write its preview rows."""
    return roster_import_plan(roster_import_id=roster_import_id).status


@task()
def roster_import_confirm_task(roster_import_id: int) -> str:
    """Apply a large import the officer confirmed (status 'confirming'), as that officer: the service
    checks their right again (an officer who lost the office meanwhile is refused and the import goes
    back to the preview with the reason). Confirmed by the system (no login): as the system."""
    # The worker is handed an id: the import may be any tenant's.
    roster_import = (
        RosterImport.objects.all_tenants().filter(pk=roster_import_id).select_related("confirmed_by").first()
    )
    if roster_import is None or roster_import.status != ImportStatus.CONFIRMING:
        return roster_import.status if roster_import else "missing"
    actor: Actor = roster_import.confirmed_by or SYSTEM
    try:
        roster_import_confirm(roster_import_id=roster_import_id, actor=actor)
    except Refused as refused:
        roster_import_confirm_failed(roster_import_id=roster_import_id, message=refused.message)
    except DomainError:
        pass  # the service put the import back to the preview with the reason
    except Exception:
        logger.exception("roster import %s: confirmation failed", roster_import_id)
        roster_import_confirm_failed(
            roster_import_id=roster_import_id,
            message=_("导入时发生系统错误，名册没有任何改动。请稍后再试，或联系系统管理员。"),
        )
        raise
    roster_import.refresh_from_db()
    return roster_import.status
