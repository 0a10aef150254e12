"""Who holds which role in the demo: officers of every unit, the personas, judges, representatives.
The judges hold no role: they are named judges of the seed's campaign (a grant for its term) once the
campaign exists (``Cast.judges``).

Pure planning over the loaded roster (no writes); the choices come from the demo's seeded generator
and the members are taken in staff-number order, so the same roster always gets the same cast.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from chuangxian.core.roles import Role
from chuangxian.demo.models import PersonaKey
from chuangxian.demo.tree import DIRECT_GROUPS, ROOT_NAME, SECONDARY, UnitSpec
from chuangxian.orgs.models import Member, Post, UnitCategory

# Where the personas sit (DESIGN.md §2).
PERSONA_UNIT = "文学与传播学院"  # chair, liaison and the plain member
LEADER_UNIT = "党委办公室、校长办公室联合工会"  # the school leaders' own union
REPRESENTATIVE_UNIT = "外国语学院"
JUDGE_UNIT = "教育科学学院"
HANDLING_UNITS = ("后勤管理处", "教务处", "组织人事部", "财务处", "学生工作部")  # the first is the persona's

OFFICE_STAFF = 3  # members of the root who run the campaign office
LEADERS = 3
JUDGES = 7
MEMBERS_PER_REPRESENTATIVE = 15  # roughly how a staff congress is apportioned

Prefer = Callable[[Member], bool]


@dataclass
class Cast:
    officers: list[tuple[str, str, Member]] = field(default_factory=list)  # (unit, chair/liaison, member)
    roles: list[tuple[str, str, Member]] = field(default_factory=list)  # (unit held at, role, member)
    judges: list[Member] = field(default_factory=list)  # judges of the seed's campaign (a grant, no role)
    personas: dict[str, Member] = field(default_factory=dict)  # PersonaKey → member


class CastingError(Exception):
    pass


def _pick(
    rng: random.Random, pool: Sequence[Member], taken: set[int], prefer: Prefer | None = None
) -> Member:
    free = [m for m in pool if m.pk not in taken]
    if not free:
        raise CastingError("no free member left to cast")
    preferred = [m for m in free if prefer(m)] if prefer is not None else []
    chosen = rng.choice(preferred or free)
    taken.add(chosen.pk)
    return chosen


def _senior_party_member(member: Member) -> bool:
    return member.is_party_member and (member.birth_year or 9999) <= 1980


def _young_administrator(member: Member) -> bool:
    return member.post == Post.ADMIN and (member.birth_year or 0) >= 1982


def _senior_teacher(member: Member) -> bool:
    return member.post == Post.TEACHER and (member.birth_year or 9999) <= 1978


def plan_cast(by_unit: dict[str, list[Member]], rng: random.Random) -> Cast:
    """Plan every role assignment of the demo. ``by_unit`` maps unit name → its direct members."""
    specs: dict[str, UnitSpec] = {spec.name: spec for spec in (*SECONDARY, *DIRECT_GROUPS)}

    def subtree(name: str) -> list[Member]:
        members = list(by_unit[name])
        for group in specs[name].groups if name in specs else ():
            members += by_unit[group]
        return sorted(members, key=lambda m: m.staff_no)

    cast = Cast()
    taken: set[int] = set()
    for spec in specs.values():
        chair = _pick(rng, by_unit[spec.name], taken, _senior_party_member)
        liaison = _pick(rng, by_unit[spec.name], taken, _young_administrator)
        cast.officers += [(spec.name, Role.CHAIR, chair), (spec.name, Role.LIAISON, liaison)]
        if spec.name == PERSONA_UNIT:
            cast.personas[PersonaKey.CHAIR] = chair
            cast.personas[PersonaKey.LIAISON] = liaison

    # The personas first, so each holds exactly the role it shows.
    office = [
        _pick(rng, by_unit[ROOT_NAME], taken) for _ in range(min(OFFICE_STAFF, len(by_unit[ROOT_NAME])))
    ]
    free_leaders = len([m for m in by_unit[LEADER_UNIT] if m.pk not in taken])
    leaders = [
        _pick(rng, by_unit[LEADER_UNIT], taken, _senior_party_member)
        for _ in range(min(LEADERS, free_leaders))
    ]
    member = _pick(rng, by_unit[PERSONA_UNIT], taken)
    representative = _pick(rng, subtree(REPRESENTATIVE_UNIT), taken)
    judge = _pick(rng, subtree(JUDGE_UNIT), taken, _senior_teacher)
    handling = _pick(rng, by_unit[HANDLING_UNITS[0]], taken)
    cast.personas.update(
        {
            PersonaKey.OFFICE: office[0],
            PersonaKey.LEADER: leaders[0],
            PersonaKey.MEMBER: member,
            PersonaKey.REPRESENTATIVE: representative,
            PersonaKey.JUDGE: judge,
            PersonaKey.HANDLING: handling,
        }
    )
    cast.roles += [(ROOT_NAME, Role.OFFICE, m) for m in office]
    cast.roles += [(ROOT_NAME, Role.LEADER, m) for m in leaders]

    # A judging panel from different colleges, and the other handling offices.
    other_colleges = [
        s.name for s in SECONDARY if s.category == UnitCategory.COLLEGE and s.name != JUDGE_UNIT
    ]
    judges = [judge] + [
        _pick(rng, subtree(name), taken, _senior_teacher) for name in rng.sample(other_colleges, JUDGES - 1)
    ]
    cast.judges = judges
    cast.roles.append((HANDLING_UNITS[0], Role.HANDLING_OFFICE, handling))
    for name in HANDLING_UNITS[1:]:
        cast.roles.append((name, Role.HANDLING_OFFICE, _pick(rng, by_unit[name], taken)))

    # Staff-congress representatives of the school-level 教代会, apportioned by unit size. Officers
    # are often elected too; the other personas are not, so each shows one role only.
    persona_ids = {m.pk for m in cast.personas.values()} - {representative.pk}
    for spec in specs.values():
        pool = [m for m in subtree(spec.name) if m.pk not in persona_ids and m.pk != representative.pk]
        quota = max(1, round(len(subtree(spec.name)) / MEMBERS_PER_REPRESENTATIVE))
        chosen = [representative] if spec.name == REPRESENTATIVE_UNIT else []
        chosen += rng.sample(pool, min(max(quota - len(chosen), 0), len(pool)))
        cast.roles += [(ROOT_NAME, Role.REPRESENTATIVE, m) for m in chosen]
    return cast
