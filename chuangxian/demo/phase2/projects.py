"""Phase 2's projects (一个分工会一个项目), through the projects services.

About three quarters of the secondary unions and direct groups registered a project under one of
the six themes, chosen to fit the unit (a college runs 教学竞赛常规化, an office 完善民主管理制度);
a few registered a second one lately, still 筹备中. Units that did their phase-1 work well started
first; units that did nothing in phase 1 mostly have no project yet. Each project has 3–5 weighted
milestones spread over phase 2: the early ones are mostly done, a few are overdue, and 1–3
progress entries tell what happened. Every write goes through ``project_create``, ``milestone_add``,
``milestone_complete`` and ``project_update_add`` under ``clock.as_of`` (the moment it happened).
"""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial

from chuangxian.core import clock
from chuangxian.core.roles import Role
from chuangxian.demo.history import AFTER_RETURN, APPROVED, NONE, RETURNED, SUBMITTED, Fate, at, count
from chuangxian.demo.phase2.project_texts import (
    COLLEGE,
    DIRECT,
    GROUPS,
    LAUNCH_UPDATE,
    OFFICE,
    PROJECTS,
    SCIENCE,
    SCIENCE_COLLEGES,
    SUPPORT,
    ProjectText,
)
from chuangxian.demo.phase2.world import World
from chuangxian.orgs.models import Member, Unit, UnitCategory, UnitKind
from chuangxian.projects.models import Project, ProjectStatus
from chuangxian.projects.services import (
    ProjectData,
    milestone_add,
    milestone_complete,
    project_create,
    project_update_add,
)

PROJECT_UNITS = 0.77  # of the secondary unions and direct groups
SECOND_PROJECT = 0.10  # of them: a second project, registered lately and still 筹备中
MILESTONE_DONE = 0.85  # of the milestones already due
DONE_EARLY = 0.25  # of the milestones due within the next month
MAX_UPDATES = 3
# When the milestones fall due, as fractions of the project's span (front-loaded: the first steps are
# preparation, the last one is the year-end review).
DUE_FRACTIONS = {3: (0.2, 0.55, 1.0), 4: (0.15, 0.4, 0.7, 1.0), 5: (0.1, 0.3, 0.55, 0.8, 1.0)}
BUDGETS = (None, None, Decimal(3000), Decimal(5000), Decimal(8000), Decimal(10000), Decimal(15000))
# How eager a unit is, from its phase-1 plan (lower starts sooner and surely has a project).
EAGERNESS = {APPROVED: 0, AFTER_RETURN: 0, SUBMITTED: 1, RETURNED: 2, NONE: 3}


@dataclass(frozen=True)
class ProjectPlan:
    unit: Unit
    text: ProjectText
    created: datetime
    status: str
    budget: Decimal | None
    responsible: tuple[Member, ...]
    participants: tuple[Member, ...]


def unit_keys(world: World, unit: Unit) -> set[str]:
    """What kind of unit this is, in the terms of ``ProjectText.fits``."""
    if unit.kind == UnitKind.DIRECT_GROUP:
        return {DIRECT}
    if unit.category == UnitCategory.COLLEGE:
        keys = {COLLEGE}
        if unit.name in SCIENCE_COLLEGES:
            keys.add(SCIENCE)
        if any(u.depth == 3 and u.path.startswith(unit.path) for u in world.by_pk.values()):
            keys.add(GROUPS)
        return keys
    return {SUPPORT} if unit.category == UnitCategory.SUPPORT else {OFFICE}


def rank_units(world: World, fates: dict[int, Fate], rng: random.Random) -> list[Unit]:
    """The units, most eager first (the personas' unit leads); ties in a seeded order."""
    units = list(world.units)
    rng.shuffle(units)
    model = world.cast.model_unit

    def key(unit: Unit) -> tuple[int, int]:
        fate = fates.get(unit.pk)
        return (0 if model is not None and unit.pk == model.pk else 1, EAGERNESS[fate.plan] if fate else 1)

    return sorted(units, key=key)


def _choose(
    world: World, unit: Unit, used: Counter[str], rng: random.Random, *, other_than: str = ""
) -> ProjectText:
    keys = unit_keys(world, unit)
    fitting = [t for t in PROJECTS if t.fits & keys and t.theme != other_than]
    preferred = [t for t in fitting if unit.name in t.units]
    if preferred and not other_than:
        return rng.choice(preferred)
    least = min(used[t.title] for t in fitting)
    return rng.choice([t for t in fitting if used[t.title] == least])


def plan_projects(world: World, fates: dict[int, Fate], rng: random.Random) -> list[ProjectPlan]:
    """Which units run which projects, from when, with whom. Pure planning, no writes."""
    ranked = rank_units(world, fates, rng)
    with_project = ranked[: count(PROJECT_UNITS, len(ranked))]
    twice = {
        u.pk
        for u in rng.sample(with_project[1:], min(count(SECOND_PROJECT, len(ranked)), len(with_project) - 1))
    }
    used: Counter[str] = Counter()
    plans: list[ProjectPlan] = []
    for unit in with_project:
        fate = fates.get(unit.pk)
        eager = fate is None or EAGERNESS[fate.plan] == 0
        first = world.past_day(rng, 4, 30) if eager else world.past_day(rng, 20, 60)
        text = _choose(world, unit, used, rng)
        used[text.title] += 1
        plans.append(_plan(world, unit, text, first, ProjectStatus.ACTIVE, rng))
        if unit.pk in twice:
            second = _choose(world, unit, used, rng, other_than=text.theme)
            used[second.title] += 1
            day = world.past_day(rng, world.elapsed - 20, world.elapsed - 8)
            plans.append(_plan(world, unit, second, day, ProjectStatus.DRAFT, rng))
    return plans


def _plan(
    world: World, unit: Unit, text: ProjectText, day: date, status: str, rng: random.Random
) -> ProjectPlan:
    officers = world.officers.get(unit.pk, {})
    responsible = [m for m in (officers.get(Role.CHAIR),) if m is not None]
    liaison = officers.get(Role.LIAISON)
    if liaison is not None and (not responsible or rng.random() < 0.5):
        responsible.append(liaison)
    others = [m for m in world.subtree(unit) if m not in responsible]
    participants = rng.sample(others, min(rng.randint(3, 8), len(others)))
    return ProjectPlan(
        unit=unit,
        text=text,
        created=at(day, rng.choice((9, 10, 15, 16)), rng.choice((0, 15, 30, 45))),
        status=status,
        budget=rng.choice(BUDGETS),
        responsible=tuple(responsible),
        participants=tuple(sorted(participants, key=lambda m: m.staff_no)),
    )


def projects_replay(world: World, fates: dict[int, Fate], rng: random.Random) -> list[Project]:
    """Register the planned projects and replay their milestones and progress in time order."""
    themes = {theme.name: theme for theme in world.campaign.themes.all()}
    projects = []
    for plan in plan_projects(world, fates, rng):
        actor = world.actor(plan.unit)
        with clock.as_of(plan.created):
            project = project_create(
                unit=plan.unit,
                campaign=world.campaign,
                data=ProjectData(
                    theme=themes[plan.text.theme],
                    title=plan.text.title,
                    goals=plan.text.goals,
                    measures=plan.text.measures,
                    budget=plan.budget,
                    status=plan.status,
                    responsible=plan.responsible,
                    participants=plan.participants,
                ),
                actor=actor,
            )
            milestones = [
                milestone_add(project=project, title=step.title, due_on=due, weight=step.weight, actor=actor)
                for step, due in zip(plan.text.steps, _due_dates(world, plan, rng), strict=True)
            ]
        events: list[tuple[datetime, int, Callable[[], object]]] = []
        updates: list[tuple[date, str]] = []
        created_on = plan.created.date()
        last = world.as_of - timedelta(days=1)
        model = world.cast.model_unit is not None and plan.unit.pk == world.cast.model_unit.pk
        for step, milestone in zip(plan.text.steps, milestones, strict=True):
            if plan.status == ProjectStatus.DRAFT:
                continue
            done = _done_on(world, milestone.due_on, created_on, rng, on_time=model)
            if done is None:
                continue
            complete = partial(milestone_complete, milestone=milestone, done_on=done, actor=actor)
            events.append((at(done, 17, 10), len(events), complete))
            if step.update:
                updates.append((min(done + timedelta(days=rng.randint(0, 2)), last), step.update))
        launch = created_on + timedelta(days=rng.randint(1, 6))
        if launch <= last and (not updates or model or (len(updates) < MAX_UPDATES and rng.random() < 0.5)):
            chair = plan.responsible[0].name if plan.responsible else ""
            updates.append((launch, LAUNCH_UPDATE.format(chair=f"工会主席{chair}" if chair else "工会主席")))
        for day, text in sorted(updates)[-MAX_UPDATES:]:
            entry = partial(project_update_add, project=project, day=day, text=text, actor=actor)
            events.append((at(day, 18, 0), len(events), entry))
        for moment, _seq, write in sorted(events, key=lambda event: event[:2]):
            with clock.as_of(moment):
                write()
        projects.append(project)
    return projects


def _due_dates(world: World, plan: ProjectPlan, rng: random.Random) -> list[date]:
    start = plan.created.date()
    last_due = world.end - timedelta(days=rng.randint(10, 40))
    span = (last_due - start).days
    fractions = DUE_FRACTIONS[len(plan.text.steps)]
    return [start + timedelta(days=round(span * fraction)) for fraction in fractions]


def _done_on(world: World, due: date, created: date, rng: random.Random, *, on_time: bool) -> date | None:
    """When a milestone was done, or None (not yet, or overdue). ``on_time``: the unit misses none."""
    last = world.as_of - timedelta(days=1)
    if due <= last:
        if rng.random() >= MILESTONE_DONE and not on_time:
            return None
        return max(min(due + timedelta(days=rng.randint(-5, 3)), last), created)
    if (due - world.as_of).days <= 30 and rng.random() < DONE_EARLY:
        return max(world.as_of - timedelta(days=rng.randint(1, 10)), created)
    return None
