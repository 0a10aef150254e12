"""The demo's selections: the seed's six types for the demo school, and one selection in progress —
the 创先争优优秀项目 selection of the running campaign at its unit-nomination stage, where a few
units have put forward one of their projects (the persona's unit through its chair) and the others
have not yet. Called once by the demo loader (``demo.services.load``)."""

import io
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from chuangxian.accounts.models import User
from chuangxian.campaigns.models import Campaign
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Unit
from chuangxian.projects.models import Project, ProjectStatus
from chuangxian.selections.models import Selection
from chuangxian.selections.selectors import nominating_units
from chuangxian.selections.services import (
    entry_nominate,
    selection_create,
    selection_open,
    selection_types_seed,
)

NOMINATING_UNITS = 4  # units that have nominated by the demo's day, besides the persona's unit

# A one-page PDF (the minutes a unit uploads are a scan; the demo's is a blank page).
MINUTES_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def selections_demo_create(
    *, campaign: Campaign, office: Actor, chair: User | None, chair_unit: Unit | None, as_of: date
) -> Selection:
    """The six types, and the excellent-project selection opened a week before ``as_of`` with its
    nominations due three weeks after it."""
    opened = as_of - timedelta(days=7)
    with clock.as_of(_moment(opened)):
        types = selection_types_seed(tenant=campaign.tenant, actor=office)
        projects_type = next(t for t in types if t.entry_kind == "project")
        selection = selection_create(
            campaign=campaign,
            selection_type=projects_type,
            title=f"{campaign.short_title or campaign.title}优秀项目评选",
            nomination_ends_on=as_of + timedelta(days=21),
            description="各分工会推荐 1–2 个项目，附推荐项目的单位会议纪要。",
            actor=office,
        )
        selection = selection_open(selection=selection, actor=office)
    units = nominating_units(campaign.tenant_id)
    chosen = [u for u in units if chair_unit is None or u.pk != chair_unit.pk][:NOMINATING_UNITS]
    if chair_unit is not None and chair is not None:
        chosen.append(chair_unit)
    for offset, unit in enumerate(chosen, start=1):
        project = (
            Project.objects.filter(
                tenant_id=campaign.tenant_id, campaign=campaign, unit__path__startswith=unit.path
            )
            .exclude(status=ProjectStatus.DRAFT)
            .order_by("created_at", "id")
            .first()
        )
        if project is None:
            continue
        actor: Actor = chair if chair is not None and unit == chair_unit else office
        with clock.as_of(_moment(min(opened + timedelta(days=offset), as_of))):
            entry_nominate(
                selection=selection,
                unit=unit,
                candidate=project,
                summary=f"{project.title}：{project.goals}",
                minutes=io.BytesIO(MINUTES_PDF),
                minutes_name=f"{unit.name}推荐会议纪要.pdf",
                actor=actor,
            )
    return selection
