"""The seed's default tasks (动员大会, 学习文件, 工会活动方案, 总结) and creating those a campaign lacks."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from chuangxian.assignments.evidence import EvidenceKind
from chuangxian.assignments.models import ReviewBy, Task
from chuangxian.assignments.services._common import _require_office
from chuangxian.assignments.services.tasks import task_create
from chuangxian.campaigns.models import Campaign, Phase, PhaseAction
from chuangxian.core.actors import Actor

DEFAULT_TASKS: list[dict[str, Any]] = [
    {
        "code": "mobilisation_meeting",
        "title": gettext_lazy("召开动员大会"),
        "description": gettext_lazy(
            "召开全体教职工（会员）动员大会，传达学习创先争优活动实施方案，部署本单位的创先争优活动。"
            "提交动员大会的会议记录（含出席情况和照片）。"
        ),
        "evidence_kind": EvidenceKind.MEETING,
        "meeting_kind": "mobilisation",  # meetings.MeetingKind.MOBILISATION
        "review_by": ReviewBy.OFFICE,
        "stage": "first",
    },
    {
        "code": "study_documents",
        "title": gettext_lazy("组织学习文件"),
        "description": gettext_lazy(
            "组织会员学习创先争优活动实施方案及其依据的文件。提交学习会的会议记录即告完成。"
        ),
        "evidence_kind": EvidenceKind.MEETING,
        "meeting_kind": "study",  # meetings.MeetingKind.STUDY
        "review_by": ReviewBy.NONE,
        "stage": "first",
    },
    {
        "code": "unit_plan",
        "title": gettext_lazy("制定工会活动方案"),
        "description": gettext_lazy(
            "结合本单位实际制定创先争优活动方案（目标、措施、拟开展项目、进度安排、责任人），"
            "报学校工会审核。任务状态随方案审核自动更新。"
        ),
        "evidence_kind": EvidenceKind.PLAN,
        "review_by": ReviewBy.OFFICE,
        "stage": "first",
    },
    {
        "code": "summary",
        "title": gettext_lazy("提交总结"),
        "description": gettext_lazy("全面总结本单位开展创先争优活动的做法、成效和经验，上传总结材料。"),
        "evidence_kind": EvidenceKind.DOCUMENT,
        "review_by": ReviewBy.OFFICE,
        "stage": "summary",
    },
]


def _default_phases(campaign: Campaign) -> dict[str, Phase | None]:
    phases = list(Phase.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign).order_by("order"))
    first = next(
        (p for p in phases if PhaseAction.MEETING in p.actions or PhaseAction.UNIT_PLAN in p.actions),
        phases[0] if phases else None,
    )
    summary = next((p for p in phases if PhaseAction.SUMMARY in p.actions), None)
    if summary is None and len(phases) >= 4:
        summary = phases[3]
    return {"first": first, "summary": summary}


@transaction.atomic
def tasks_create_defaults(*, campaign: Campaign, actor: Actor) -> list[Task]:
    """Create the seed's default tasks that the campaign does not have yet (matched by code).

    Phase 1 (the phase allowing meetings or unit plans, else the first): 召开动员大会 (a meeting
    record, reviewed by the office), 组织学习文件 (the study meeting's record, no review), 制定工会
    活动方案 (the unit plan, whose own review drives the status). The summary phase (the one allowing
    the summary, else the fourth): 提交总结 (an uploaded document, reviewed). Returns the tasks created.
    Raises Refused 'forbidden' (not the office).
    """
    _require_office(actor, campaign.tenant_id)
    Campaign.objects.select_for_update().get(pk=campaign.pk, tenant_id=campaign.tenant_id)
    phases = _default_phases(campaign)
    existing = set(
        Task.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign).values_list("code", flat=True)
    )
    created = []
    for spec in DEFAULT_TASKS:
        phase = phases[spec["stage"]]
        if phase is None or spec["code"] in existing:
            continue
        created.append(
            task_create(
                campaign=campaign,
                phase=phase,
                title=str(spec["title"]),
                code=spec["code"],
                description=str(spec["description"]),
                evidence_kind=spec["evidence_kind"],
                meeting_kind=spec.get("meeting_kind", ""),
                review_by=spec["review_by"],
                actor=actor,
            )
        )
    return created
