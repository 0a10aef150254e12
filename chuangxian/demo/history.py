"""Phase 1 of the demo's campaign as it went: meetings, study, plans, reviews, late units.

The demo is set a third into phase 2, so phase 1 is over. Without a history every unit would be
overdue on every phase-1 task. This module replays phase 1 through the real services, each call
inside ``clock.as_of`` the moment it happened, so the phase-window checks are the real ones and the
stored times (check-in, submission, confirmation) are those of phase 1.

Who did what is planned up front from the demo's seeded generator (``plan_fates``), as fixed shares
of the units, so every load of the same size tells the same story:

- 召开动员大会: about 80 % of units hold it (attendance ticked for 70–95 % of their active members)
  and submit it; the office approves most, a few wait for review;
- 组织学习文件: about 75 % hold a 学习会 and submit it (no review: done on submission);
- 制定工会活动方案: about 70 % approved (some after one return and a revision), 10 % waiting for
  review, 10 % returned, the rest wrote none;
- a few units did their phase-1 work late, in a window the office reopened for them with a reason;
  two of the returned units were given a window that is still open, to revise their plan;
- about 60 % of members confirmed that they studied the seed.

Units act through their chair where the chair has a login (the personas' unit), else through
the office, which records the work on the unit's behalf.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.services import unit_task_review, unit_task_submit
from chuangxian.campaigns.models import Campaign, Phase
from chuangxian.campaigns.services import phase_window_reopen
from chuangxian.core import clock
from chuangxian.core.roles import Role
from chuangxian.meetings.models import MeetingKind, MeetingStatus
from chuangxian.meetings.services import MeetingData, attendance_set, meeting_create
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit, UnitKind
from chuangxian.plans.services import PlanContent, plan_approve, plan_return, plan_save_and_submit
from chuangxian.study.models import StudyDocument
from chuangxian.study.services import study_confirm

MOBILISATION_TASK = "mobilisation_meeting"
STUDY_TASK = "study_documents"

# Shares of the units (secondary unions and direct groups) with each phase-1 outcome.
MOBILISATION_HELD = 0.80
MOBILISATION_AWAITING = 0.10  # of all units: held and submitted, not reviewed yet
STUDY_HELD = 0.75
PLAN_APPROVED = 0.55
PLAN_APPROVED_AFTER_RETURN = 0.15
PLAN_SUBMITTED = 0.10
PLAN_RETURNED = 0.10
LATE = 0.12  # units that did their phase-1 work in a reopened window
STUDY_CONFIRMED = 0.60  # of active members

APPROVED, AFTER_RETURN, SUBMITTED, RETURNED, NONE = "approved", "after_return", "submitted", "returned", ""

LATE_REASON = "该单位因期末教学和考务工作未能在第一阶段内召开动员大会、报送工会活动方案，经申请准予补办。"
REVISE_REASON = "工会活动方案退回修改，准予延期重新提交。"
RETURN_COMMENTS = (
    "措施还不够具体，请把每项工作落实到时间节点和责任人。",
    "拟开展项目与所选主题实践活动的联系不够清楚，请补充说明。",
    "请结合本单位教职工的实际需求，补充服务教职工的具体举措。",
)
PLACES = ("学院会议室", "行政楼三楼会议室", "图书馆报告厅", "教工之家", "综合楼学术报告厅")


@dataclass(frozen=True)
class Fate:
    """What one unit did in phase 1."""

    mobilisation: str  # APPROVED, SUBMITTED or NONE
    study: bool
    plan: str  # APPROVED, AFTER_RETURN, SUBMITTED, RETURNED or NONE
    late: bool  # worked in a window the office reopened after phase 1
    revising: bool  # a returned plan with a reopened window that is still open


def count(share: float, total: int) -> int:
    """``share`` of ``total``, rounded half up."""
    return int(share * total + 0.5)


def plan_fates(units: list[Unit], rng: random.Random, *, model_unit: Unit | None = None) -> dict[int, Fate]:
    """Who did what, as fixed shares of ``units``. The units are ranked by a seeded shuffle (the
    ``model_unit``, the personas' unit, first): the last ones did least. Pure planning, no writes."""
    ranked = sorted(units, key=lambda u: u.path)
    rng.shuffle(ranked)
    if model_unit is not None and model_unit in ranked:
        ranked.remove(model_unit)
        ranked.insert(0, model_unit)
    n = len(ranked)
    plans = [APPROVED] * count(PLAN_APPROVED, n) + [AFTER_RETURN] * count(PLAN_APPROVED_AFTER_RETURN, n)
    rng.shuffle(plans)
    if model_unit is not None and AFTER_RETURN in plans:  # the personas' unit shows a full review cycle
        plans.remove(AFTER_RETURN)
        plans.insert(0, AFTER_RETURN)
    plans += [SUBMITTED] * count(PLAN_SUBMITTED, n) + [RETURNED] * count(PLAN_RETURNED, n)
    plans += [NONE] * (n - len(plans))
    plan_of = {unit.pk: plan for unit, plan in zip(ranked, plans, strict=False)}

    held = ranked[: count(MOBILISATION_HELD, n)]
    awaiting = {u.pk for u in rng.sample(held[1:], min(count(MOBILISATION_AWAITING, n), len(held) - 1))}
    studied = {u.pk for u in rng.sample(ranked[: max(count(0.9, n), 1)], count(STUDY_HELD, n))}
    if model_unit is not None:
        studied.add(model_unit.pk)
    late_pool = [u for u in held[1:] if plan_of[u.pk] in (APPROVED, AFTER_RETURN)]
    late = {u.pk for u in rng.sample(late_pool, min(max(count(LATE, n), 1), len(late_pool)))}
    returned = [u for u in ranked if plan_of[u.pk] == RETURNED]
    revising = {u.pk for u in returned[:2]}
    return {
        unit.pk: Fate(
            mobilisation=(SUBMITTED if unit.pk in awaiting else APPROVED) if unit in held else NONE,
            study=unit.pk in studied,
            plan=plan_of[unit.pk],
            late=unit.pk in late,
            revising=unit.pk in revising,
        )
        for unit in ranked
    }


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` in the installation's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class _Replay:
    """Replays phase 1 unit by unit, each unit's steps in the order they happened."""

    def __init__(
        self, *, campaign: Campaign, office: Any, officers: dict[int, Any], as_of: date, rng: random.Random
    ) -> None:
        self.campaign = campaign
        self.office = office
        self.officers = officers  # unit pk → the login acting for the unit, where it has one
        self.as_of = as_of
        self.rng = rng
        phase = campaign.phases.order_by("order").first()
        assert phase is not None
        self.phase: Phase = phase
        self.themes = list(campaign.themes.order_by("order"))
        tenant_id = campaign.tenant_id
        self.chairs = {
            ra.unit_id: ra.member
            for ra in RoleAssignment.objects.filter(tenant_id=tenant_id, role=Role.CHAIR).select_related(
                "member__unit"
            )
        }
        self.unit_tasks = {
            (ut.unit_id, ut.task.code): ut
            for ut in UnitTask.objects.filter(
                tenant_id=tenant_id, task__campaign=campaign, task__code__in=[MOBILISATION_TASK, STUDY_TASK]
            ).select_related("task")
        }
        self.active: list[tuple[str, int]] = list(
            Member.objects.filter(tenant_id=tenant_id, status=MemberStatus.ACTIVE)
            .order_by("unit__path", "staff_no")
            .values_list("unit__path", "pk")
        )

    def actor(self, unit: Unit) -> Any:
        return self.officers.get(unit.pk, self.office)

    def members_of(self, unit: Unit) -> list[int]:
        return [pk for path, pk in self.active if path.startswith(unit.path)]

    # --- one unit ---------------------------------------------------------------------------------

    def unit(self, unit: Unit, fate: Fate) -> None:
        start, end = self.phase.starts_on, self.phase.ends_on
        if fate.late:  # nothing in phase 1; the office reopens it a few days after it closed
            first = end + timedelta(days=self.rng.randint(3, 6))
            with clock.as_of(at(first, 9, 30)):
                phase_window_reopen(
                    phase=self.phase,
                    unit=unit,
                    until=first + timedelta(days=14),
                    reason=LATE_REASON,
                    actor=self.office,
                )
            first += timedelta(days=1)
        else:
            first = start + timedelta(days=self.rng.randint(1, 6))
        if fate.mobilisation:
            self.meeting(unit, MeetingKind.MOBILISATION, first, review=fate.mobilisation == APPROVED)
        if fate.study:
            day = first + timedelta(days=self.rng.randint(2, 6))
            self.meeting(unit, MeetingKind.STUDY, min(day, end) if not fate.late else day, review=False)
        if fate.plan:
            self.plan(unit, fate, first)

    def meeting(self, unit: Unit, kind: str, day: date, *, review: bool) -> None:
        """Hold the meeting, tick attendance, attach it to its task and submit; the office reviews."""
        actor = self.actor(unit)
        members = self.members_of(unit)
        chair = self.chairs.get(unit.pk)
        if kind == MeetingKind.MOBILISATION:
            title, task_code, share = f"{unit.name}创先争优活动动员大会", MOBILISATION_TASK, (0.70, 0.95)
            agenda = "一、传达学校创先争优活动实施方案\n二、部署本单位创先争优活动\n三、表态发言"
        else:
            title, task_code, share = f"{unit.name}学习《实施方案》专题学习会", STUDY_TASK, (0.60, 0.90)
            agenda = "一、集体学习活动实施方案及其依据的文件\n二、交流讨论"
        starts_at = at(day, self.rng.choice((9, 14, 15, 16)), 0)
        data = MeetingData(
            kind=kind,
            title=title,
            starts_at=starts_at,
            place=self.rng.choice(PLACES),
            host=chair,
            agenda=agenda,
            minutes=f"会议由{chair.name if chair else '工会主席'}主持，与会教职工围绕“党建带工建、工建服务党建”主题进行了讨论。",
            status=MeetingStatus.HELD,
            campaign=self.campaign,
        )
        with clock.as_of(starts_at + timedelta(hours=2)):
            meeting = meeting_create(unit=unit, data=data, actor=actor)
            attended = self.rng.sample(members, max(1, round(len(members) * self.rng.uniform(*share))))
            attendance_set(meeting=meeting, member_ids=attended, actor=actor)
            unit_task = unit_task_submit(
                unit_task=self.unit_tasks[(unit.pk, task_code)],
                evidence_key=f"meetings.meeting:{meeting.pk}",
                actor=actor,
            )
        if review:
            with clock.as_of(at(day + timedelta(days=self.rng.randint(1, 4)), 10, 30)):
                unit_task_review(unit_task=unit_task, approve=True, actor=self.office)

    def plan(self, unit: Unit, fate: Fate, first: date) -> None:
        """Write and submit the unit plan; the office approves it, returns it, or has not got to it."""
        actor = self.actor(unit)
        end = self.phase.ends_on
        pick = self.rng.randrange(max(len(self.themes), 1))
        deadline = first + timedelta(days=13) if fate.late else end
        if fate.plan == AFTER_RETURN:
            submitted = min(first + timedelta(days=self.rng.randint(2, 4)), deadline - timedelta(days=6))
        else:
            submitted = min(first + timedelta(days=self.rng.randint(4, 11)), deadline)
        with clock.as_of(at(submitted, 17, 20)):
            plan = plan_save_and_submit(
                unit=unit, campaign=self.campaign, content=self.content(unit, pick), actor=actor
            )
        if fate.plan == SUBMITTED:
            return
        if fate.plan == RETURNED:
            returned = self.as_of - timedelta(days=7) if fate.revising else end + timedelta(days=4)
            with clock.as_of(at(returned, 10, 0)):
                plan_return(plan=plan, comment=self.rng.choice(RETURN_COMMENTS), actor=self.office)
                if fate.revising:
                    phase_window_reopen(
                        phase=self.phase,
                        unit=unit,
                        until=self.as_of + timedelta(days=14),
                        reason=REVISE_REASON,
                        actor=self.office,
                    )
            return
        if fate.plan == AFTER_RETURN:
            returned = submitted + timedelta(days=2)
            with clock.as_of(at(returned, 11, 0)):
                plan_return(plan=plan, comment=self.rng.choice(RETURN_COMMENTS), actor=self.office)
            resubmitted = returned + timedelta(days=self.rng.randint(1, 3))
            with clock.as_of(at(resubmitted, 16, 40)):
                plan = plan_save_and_submit(
                    unit=unit,
                    campaign=self.campaign,
                    content=self.content(unit, pick, revised=True),
                    actor=actor,
                )
            submitted = resubmitted
        with clock.as_of(at(submitted + timedelta(days=self.rng.randint(1, 3)), 9, 0)):
            plan_approve(plan=plan, actor=self.office)

    def content(self, unit: Unit, pick: int, *, revised: bool = False) -> PlanContent:
        """The plan's text; ``pick`` chooses its theme, the revision takes the next one."""
        theme = self.themes[(pick + revised) % len(self.themes)] if self.themes else None
        chair = self.chairs.get(unit.pk)
        theme_name = theme.name if theme else "创先争优"
        measures = (
            "一、召开全体教职工动员大会，组织学习活动实施方案；\n"
            f"二、围绕“{theme_name}”开展主题实践活动；\n"
            "三、开展“一个岗位一个承诺”，教职工公开承诺；\n"
            "四、每学期组织一次交流总结。"
        )
        if revised:
            measures += "\n五、各项工作落实到月，由工会委员分工负责，工会小组长协助。"
        return PlanContent(
            goals=f"以“党建带工建、工建服务党建”为主题，在{unit.name}形成学习先进、崇尚先进、争当先进的氛围。",
            measures=measures,
            theme=theme,
            project=f"{unit.name}“{theme_name}”项目",
            schedule="第一阶段：动员部署、制定方案；第二阶段：项目推进、公开承诺；第三阶段：树立典型；第四阶段：总结。",
            responsible=f"工会主席 {chair.name}" if chair else "工会主席",
            responsible_members=(chair,) if chair else (),
        )

    # --- members ----------------------------------------------------------------------------------

    def confirmations(self, document: StudyDocument, *, skip: set[int]) -> int:
        """About 60 % of active members confirm the seed, most during phase 1, some later."""
        start, end = self.phase.starts_on, self.phase.ends_on
        pool = [pk for _path, pk in self.active if pk not in skip]
        chosen = set(self.rng.sample(pool, min(count(STUDY_CONFIRMED, len(self.active)), len(pool))))
        members = (
            Member.objects.filter(tenant_id=self.campaign.tenant_id, pk__in=chosen)
            .select_related("unit", "user")
            .order_by("staff_no")
        )
        by_moment: dict[datetime, list[Member]] = defaultdict(list)
        for member in members:
            late = self.rng.random() < 0.15
            day = (
                end + timedelta(days=self.rng.randint(1, 30))
                if late
                else start + timedelta(days=self.rng.randint(0, (end - start).days))
            )
            by_moment[at(day, self.rng.randint(8, 22), self.rng.randrange(0, 60, 5))].append(member)
        for moment in sorted(by_moment):
            with clock.as_of(moment):
                for member in by_moment[moment]:
                    study_confirm(document=document, member=member, actor=member.user or self.office)
        return len(chosen)


def phase1_history_replay(
    *,
    campaign: Campaign,
    document: StudyDocument,
    office: Any,
    officers: dict[int, Any],
    model_unit: Unit | None,
    skip_confirmation: set[int],
    as_of: date,
    rng: random.Random,
) -> dict[int, Fate]:
    """Record phase 1's history for the secondary unions and direct groups (see the module's
    docstring). ``officers`` maps a unit's pk to the login acting for it (others: ``office``);
    ``skip_confirmation`` lists members who have not studied the seed. Returns the fates."""
    units = list(
        Unit.objects.filter(
            tenant_id=campaign.tenant_id, kind__in=[UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP], is_active=True
        ).order_by("path")
    )
    fates = plan_fates(units, rng, model_unit=model_unit)
    replay = _Replay(campaign=campaign, office=office, officers=officers, as_of=as_of, rng=rng)
    for unit in units:
        replay.unit(unit, fates[unit.pk])
    replay.confirmations(document, skip=skip_confirmation)
    return fates
