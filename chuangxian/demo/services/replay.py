"""Replaying the demo's history through the services: the seed issued as an official notice, the
work of phase 1 and what happened in it, and phase 2 (``demo.history``, ``demo.phase2``)."""

import random
from datetime import date
from typing import Any

from chuangxian.accounts.models import User
from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.demo.cast import PERSONA_UNIT
from chuangxian.demo.models import Persona, PersonaKey
from chuangxian.demo.people import RANDOM_SEED
from chuangxian.demo.services._common import DEMO_NAME
from chuangxian.orgs.models import Unit


def _seed_notice_issue(campaign: Campaign, text: str, *, actor: Actor) -> Any:
    """Issue the seed as official notice 泉师院委组工〔2010〕22号 through the documents services.

    The seed's first two lines are its number and title; its footer starts at the issuing office's
    line. The series starts at 22 so that the issued number is the seed's own.
    """
    from chuangxian.documents.services import (
        NoticeFields,
        notice_create,
        notice_issue,
        notice_series_set_start,
    )

    lines = [line.strip() for line in text.strip().splitlines()]
    footer = max(i for i, line in enumerate(lines) if line.endswith("领导小组办公室"))
    fields = NoticeFields(
        prefix="泉师院委组工",
        year=2010,
        title=lines[1],
        body="\n".join(line for line in lines[2:footer] if line),
        issuing_office=f"{DEMO_NAME}创先争优活动领导小组办公室",
        signed_on=date(2010, 12, 15),
        cc="福建省总工会创先争优活动领导小组办公室，校领导存档（二）",
        printing_office=f"{DEMO_NAME}创先办",
        printed_on=date(2010, 12, 23),
    )
    notice_series_set_start(
        tenant=campaign.tenant, prefix=fields.prefix, year=2010, first_number=22, actor=actor
    )
    notice = notice_create(tenant=campaign.tenant, fields=fields, campaign=campaign, actor=actor)
    return notice_issue(notice=notice, actor=actor)


def _phase1_work_create(campaign: Campaign, notice: Any, *, actor: Actor) -> Any:
    """Issue 3's phase-1 set-up, as the office would do it: the default tasks for every unit, and the
    seed plan published for study to all units with the official notice's PDF attached. Returns the
    study document."""
    from chuangxian.assignments.services import tasks_create_defaults
    from chuangxian.documents.rendering import notice_pdf
    from chuangxian.study.services import study_document_publish

    tasks_create_defaults(campaign=campaign, actor=actor)  # each task_create syncs its unit tasks
    phase1 = campaign.phases.order_by("order").first()
    return study_document_publish(
        tenant=campaign.tenant,
        campaign=campaign,
        title=notice.title,
        body=notice.body,
        published_on=phase1.starts_on if phase1 else None,
        due_on=phase1.ends_on if phase1 else None,
        attachments=[(f"{notice.document_number}.pdf", notice_pdf(notice, list(notice.attachments.all())))],
        actor=actor,
    )


def _phase1_history_record(
    campaign: Campaign,
    document: Any,
    units: dict[str, Unit],
    personas: dict[str, Persona],
    *,
    as_of: date,
    rng: random.Random,
) -> dict[int, Any]:
    """Phase 1 as it went (``history.phase1_history_replay``). The personas' unit acts through its
    chair's login and shows a full cycle; the plain member persona has not studied the seed yet, so
    the member's home page still lists it."""
    from chuangxian.demo.history import phase1_history_replay

    model_unit = units.get(PERSONA_UNIT)
    officers = (
        {model_unit.pk: personas[PersonaKey.CHAIR].user}
        if model_unit and PersonaKey.CHAIR in personas
        else {}
    )
    member = personas.get(PersonaKey.MEMBER)
    return phase1_history_replay(
        campaign=campaign,
        document=document,
        office=personas[PersonaKey.OFFICE].user,
        officers=officers,
        model_unit=model_unit,
        skip_confirmation={member.member_id} if member and member.member_id else set(),
        as_of=as_of,
        rng=rng,
    )


def _phase2_history_record(
    campaign: Campaign,
    units: dict[str, Unit],
    personas: dict[str, Persona],
    fates: dict[int, Any],
    *,
    as_of: date,
) -> Any:
    """Phase 2 up to the demo's day (``phase2.phase2_history_replay``): projects, pledges and
    activities. The personas' unit acts through its chair; the plain member persona has no pledge
    and has attended nothing, so the member's home page lists both to-dos."""
    from chuangxian.demo.phase2 import Phase2Cast, phase2_history_replay

    def user(key: str) -> User | None:
        persona = personas.get(key)
        return persona.user if persona is not None else None

    member = personas.get(PersonaKey.MEMBER)
    cast = Phase2Cast(
        office=personas[PersonaKey.OFFICE].user,
        model_unit=units.get(PERSONA_UNIT),
        chair=user(PersonaKey.CHAIR),
        liaison=user(PersonaKey.LIAISON),
        plain_member_id=member.member_id if member is not None else None,
        persona_member_ids={str(key): p.member_id for key, p in personas.items() if p.member_id is not None},
    )
    return phase2_history_replay(campaign=campaign, cast=cast, fates=fates, as_of=as_of, seed=RANDOM_SEED)
