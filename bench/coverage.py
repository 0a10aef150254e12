"""Benchmark the live coverage figures (chuangxian/coverage/selectors.py) against hand-written SQL.

On a PostgreSQL database of its own (``bench_coverage`` on the server of ``DATABASE_URL``, default
``postgres://postgres@localhost/test``) it builds, once, a tenant of 100,000 members in 30 sub-unions
and direct groups (each sub-union with three union groups), about 60 % of them with a pledge in
every status, 2,000 activities in the campaign and 1,000,000 attendance rows, some of them at the
activities of an earlier campaign (which must not count). The generation settings (the sizes and
shares below, and the seed) are recorded as the database's comment; later runs reuse the data when
they ask for the same settings and generate it again otherwise. ``--rebuild`` drops the database
and generates it again in any case.

Then, best of ``--runs`` after a warm-up, it times:

* ``coverage_report(campaign, root)`` against one hand-written statement that computes the same
  figures per reporting unit (members, published pledge, attended activity, both; projects);
* the drill-down ``missing_members(campaign, root)`` as the page shows it (count + first page of 50)
  against hand-written SQL for the same count and page, and the page alone against the same SQL
  without the count;
* each of these again with JIT off for the session, on both sides;

asserts that both sides give identical numbers and rows, prints the ratio ORM ÷ raw and the
``EXPLAIN ANALYZE`` of the heavy statements, and measures alternative shapes of the member-figures
statement (as raw SQL) so a slow ORM shape can be told from a slow problem.

    uv run --frozen python bench/coverage.py                 # generate if needed, then measure
    uv run --frozen python bench/coverage.py --rebuild       # regenerate the data first
    uv run --frozen python bench/coverage.py --runs 9 --members 20000 --attendance 200000

Results go to ``bench/out/coverage.json`` and the full plans to ``bench/out/coverage_plans.txt``.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import datagen
from common import OUT, database_urls, ensure_database, migrate, setup_django

TENANT_SLUG = "bench-coverage"
TZ = ZoneInfo("Asia/Shanghai")
PAGE_SIZE = 50  # chuangxian.core.views.paginate
PLAN_LINES = 14
SEED = datagen.SEED + 7  # this generator's draws; datagen's own use datagen.SEED


# --- generation ----------------------------------------------------------------------------------

DIRECT_GROUPS = ("校领导直属工会小组", "离退休直属工会小组")
PLEDGE_TEXTS = (
    "立足岗位，上好每一堂课，年内开设一门新课。",
    "指导学生参加学科竞赛，力争获省级奖项。",
    "做好窗口服务，办事不过夜，群众满意率达95%以上。",
    "完成一项教学改革课题，发表一篇教研论文。",
)


def copy_rows(table: str, rows: Iterable[dict[str, Any]]) -> int:
    """COPY ``rows`` (dicts with the same keys, the columns) into ``table`` through the Django
    connection's psycopg cursor; returns the number of rows."""
    from django.db import connection

    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    count = 1
    statement = f"COPY {table} ({', '.join(first)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        copy.write_row(tuple(first.values()))
        for row in iterator:
            copy.write_row(tuple(row.values()))
            count += 1
    return count


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@dataclass
class Tree:
    root: Any
    specs: list[datagen.UnitSpec]
    ids: dict[str, int]  # sub-unions and direct groups by name
    groups: dict[tuple[str, str], int]  # (sub-union, group) → id
    groups_of: dict[int, list[int]]  # sub-union id → its groups' ids

    @property
    def owing(self) -> list[int]:
        """The units that owe a project: the sub-unions and the direct groups."""
        return list(self.ids.values())


def build_tree(tenant: Any, children: int) -> Tree:
    """The school union with ``children`` - 2 sub-unions of three groups each (bench/datagen.py's),
    and two direct groups, through the orgs services."""
    from chuangxian.core.actors import SYSTEM
    from chuangxian.orgs.models import Unit, UnitKind
    from chuangxian.orgs.services import unit_create

    specs = datagen.units(children - len(DIRECT_GROUPS))
    created = datagen.create_units(tenant, specs)
    root = created["校工会"]
    for name in DIRECT_GROUPS:
        root.refresh_from_db()
        created[name] = unit_create(
            tenant=tenant, parent=root, name=name, kind=UnitKind.DIRECT_GROUP, actor=SYSTEM
        )
    groups = {
        (spec.name, group.name): group.pk
        for spec in specs
        for group in Unit.objects.get_children(created[spec.name])
    }
    return Tree(
        root=root,
        specs=specs,
        ids={name: created[name].pk for name in [spec.name for spec in specs] + list(DIRECT_GROUPS)},
        groups=groups,
        groups_of={created[spec.name].pk: [groups[(spec.name, g)] for g in spec.groups] for spec in specs},
    )


def make_campaigns(tenant: Any) -> tuple[Any, Any]:
    """The campaign under test (active) and an earlier one (closed) whose records must not count."""
    from chuangxian.campaigns.models import CampaignStatus, PhaseAction
    from chuangxian.campaigns.services import CampaignSpec, PhaseSpec, campaign_create, campaign_set_status
    from chuangxian.core.actors import SYSTEM

    def spec(title: str, start: date, end: date) -> CampaignSpec:
        middle = start + (end - start) / 2
        return CampaignSpec(
            title=title,
            theme="党建带工建、工建服务党建",
            themes=["师德建设常态化", "教学竞赛常规化", "岗位练兵经常化"],
            phases=[
                PhaseSpec("宣传发动，制定方案", start, middle, [PhaseAction.MEETING, PhaseAction.UNIT_PLAN]),
                PhaseSpec(
                    "创先争优，扎实推进",
                    middle + timedelta(days=1),
                    end,
                    [PhaseAction.PROJECT, PhaseAction.PLEDGE, PhaseAction.ACTIVITY],
                ),
            ],
        )

    earlier = campaign_create(
        tenant=tenant, spec=spec("上一届创先争优活动", date(2008, 1, 1), date(2009, 12, 31)), actor=SYSTEM
    )
    earlier = campaign_set_status(campaign=earlier, status=CampaignStatus.ACTIVE, actor=SYSTEM)
    earlier = campaign_set_status(campaign=earlier, status=CampaignStatus.CLOSED, actor=SYSTEM)
    campaign = campaign_create(
        tenant=tenant, spec=spec("创先争优活动", date(2010, 12, 15), date(2012, 11, 8)), actor=SYSTEM
    )
    campaign = campaign_set_status(campaign=campaign, status=CampaignStatus.ACTIVE, actor=SYSTEM)
    return campaign, earlier


def load_members(tenant: Any, tree: Tree, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """bench/datagen.py's roster people, 2 % of them in the direct groups and 0.4 % at the school
    union itself (its own row), 8 % retired or left (they never count). Returns (member id, unit id)
    in roster order."""
    from django.db import connection

    from chuangxian.orgs.models import MemberStatus, Political, Post

    gender = {"男": "M", "女": "F"}
    post = {"教师": Post.TEACHER, "管理": Post.ADMIN, "教辅": Post.SUPPORT}
    political = {
        "中共党员": Political.CPC,
        "中共预备党员": Political.CPC_PROBATIONARY,
        "共青团员": Political.CYL,
        "民主党派": Political.DEMOCRATIC,
        "群众": Political.MASSES,
    }
    stamp = at(date(2010, 12, 1))
    units = []

    def rows() -> Iterable[dict[str, Any]]:
        for index, person in enumerate(datagen.members(count, tree.specs)):
            if index % 250 == 7:
                unit_id = tree.root.pk
            elif index % 50 == 3:
                unit_id = tree.ids[DIRECT_GROUPS[index % 2]]
            elif person.group:
                unit_id = tree.groups[(person.unit, person.group)]
            else:
                unit_id = tree.ids[person.unit]
            units.append(unit_id)
            draw = rng.random()
            status = (
                MemberStatus.ACTIVE
                if draw < 0.92
                else MemberStatus.RETIRED
                if draw < 0.97
                else MemberStatus.LEFT
            )
            birth = date.fromisoformat(person.birth_date)
            yield {
                "tenant_id": tenant.pk,
                "unit_id": unit_id,
                "staff_no": person.staff_no,
                "name": person.name,
                "name_initials": "",
                "gender": gender[person.gender],
                "birth_date": birth,
                "birth_year": birth.year,
                "post": str(post[person.post]),
                "political": str(political[person.political]),
                "phone": person.phone,
                "email": "",
                "id_number": person.id_number,
                "joined_on": date.fromisoformat(person.joined_on),
                "status": str(status),
                "left_on": None if status == MemberStatus.ACTIVE else date(2010, 7, 1),
                "created_at": stamp,
                "updated_at": stamp,
            }

    copy_rows("orgs_member", rows())
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM orgs_member WHERE tenant_id = %s ORDER BY id", [tenant.pk])
        ids = [row[0] for row in cursor.fetchall()]  # identity values follow the COPY's order
    return list(zip(ids, units, strict=True))


def load_pledges(
    tenant: Any, campaign: Any, earlier: Any, members: list[tuple[int, int]], share: float, rng: random.Random
) -> int:
    """``share`` of the members with a pledge in the campaign, in every status (about 80 % public);
    30 % with one in the earlier campaign, all rated (they must not count)."""
    from chuangxian.pledges.models import PUBLIC_STATUSES, PledgeStatus, PledgeType

    weights = {
        PledgeStatus.DRAFT: 8,
        PledgeStatus.IN_REVIEW: 7,
        PledgeStatus.RETURNED: 3,
        PledgeStatus.PUBLISHED: 40,
        PledgeStatus.FULFILLING: 25,
        PledgeStatus.REPORTED: 10,
        PledgeStatus.RATED: 7,
    }
    statuses, cumulative = list(weights), list(itertools.accumulate(weights.values()))
    published, earlier_day = at(date(2011, 3, 1)), at(date(2009, 3, 1))

    def pledge(
        camp: Any, member_id: int, unit_id: int, status: PledgeStatus, when: datetime
    ) -> dict[str, Any]:
        public = status in PUBLIC_STATUSES
        return {
            "tenant_id": tenant.pk,
            "campaign_id": camp.pk,
            "member_id": member_id,
            "unit_id": unit_id,
            "type": str(PledgeType.POST),
            "content": rng.choice(PLEDGE_TEXTS),
            "due_on": when.date().replace(month=12, day=31),
            "check_standard": "年底由工会小组对照检查。",
            "status": str(status),
            "flagged_strict": False,
            "review_comment": "",
            "submitted_at": None if status == PledgeStatus.DRAFT else when,
            "reviewed_at": when if public else None,
            "published_at": when if public else None,
            "final_grade": "good" if status == PledgeStatus.RATED else "",
            "created_at": when,
            "updated_at": when,
        }

    def rows() -> Iterable[dict[str, Any]]:
        for member_id, unit_id in members:
            if rng.random() < share:
                status = rng.choices(statuses, cum_weights=cumulative)[0]
                yield pledge(campaign, member_id, unit_id, status, published)
            if rng.random() < 0.3:
                yield pledge(earlier, member_id, unit_id, PledgeStatus.RATED, earlier_day)

    return copy_rows("pledges_pledge", rows())


def load_activities(
    tenant: Any,
    campaign: Any,
    count: int,
    first: date,
    days: int,
    open_share: float,
    hosts: list[int],
    rng: random.Random,
) -> None:
    """``count`` activities over ``days`` from ``first``: ``open_share`` of them not over yet
    (three quarters open for sign-up, a quarter drafts), the others closed."""
    from chuangxian.activities.models import ActivityKind, ActivityStatus

    def rows() -> Iterable[dict[str, Any]]:
        for index in range(count):
            starts = at(first + timedelta(days=rng.randrange(days)), rng.choice([9, 14, 15, 19]))
            draw = rng.random()
            if draw >= open_share:
                status = ActivityStatus.CLOSED
            else:
                status = ActivityStatus.PUBLISHED if draw >= open_share / 4 else ActivityStatus.DRAFT
            yield {
                "tenant_id": tenant.pk,
                "campaign_id": campaign.pk,
                "unit_id": rng.choice(hosts),
                "kind": rng.choice(ActivityKind.values),
                "title": f"{campaign.pk}-{index:05d} 主题活动",
                "description": "",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "place": "学术报告厅",
                "capacity": rng.choice([None, 50, 100, 300]),
                "whole_tenant": rng.random() < 0.3,
                "signup_opens_at": starts - timedelta(days=14),
                "signup_closes_at": starts - timedelta(days=1),
                "is_brand": rng.random() < 0.05,
                "status": str(status),
                "report": "",
                "closed_at": starts + timedelta(hours=2) if status == ActivityStatus.CLOSED else None,
                "created_at": starts - timedelta(days=20),
            }

    copy_rows("activities_activity", rows())


def attendance_counts(
    people: int, rows: int, activities: int, idle_share: float, rng: random.Random
) -> list[int]:
    """How many activities each of ``people`` attended: ``idle_share`` none, the others a skewed
    number (at least one, at most ``activities``), adding up to exactly ``rows``."""
    counts = [0] * people
    attendees = [i for i in range(people) if rng.random() >= idle_share]
    mean_extra = max(rows / max(1, len(attendees)) - 1, 0.01)
    for i in attendees:
        counts[i] = min(activities, 1 + int(rng.expovariate(1 / mean_extra)))
    difference = rows - sum(counts)
    while difference:
        i = rng.choice(attendees)
        if difference > 0 and counts[i] < activities:
            counts[i] += 1
            difference -= 1
        elif difference < 0 and counts[i] > 1:
            counts[i] -= 1
            difference += 1
    return counts


def generate(args: argparse.Namespace) -> dict[str, Any]:
    """Build the tenant in one transaction, then VACUUM ANALYZE; returns the time each step took."""
    from django.db import connection, transaction

    from chuangxian.activities.models import ActivityStatus, RegistrationStatus
    from chuangxian.campaigns.models import Theme
    from chuangxian.core.models import Tenant
    from chuangxian.coverage.models import CoverageTarget
    from chuangxian.projects.models import Project, ProjectStatus

    rng = random.Random(SEED)
    steps: dict[str, float] = {}
    started = clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps[name] = round(now - clock, 1)
        clock = now
        print(f"  {name}: {steps[name]} s", file=sys.stderr)

    with transaction.atomic():
        tenant = Tenant.objects.create(name="基准测试学院（覆盖）", slug=TENANT_SLUG)
        tree = build_tree(tenant, args.units)
        campaign, earlier = make_campaigns(tenant)
        CoverageTarget.objects.bulk_create(
            [
                CoverageTarget(tenant=tenant, campaign=campaign, category="", projects=1),
                CoverageTarget(
                    tenant=tenant,
                    campaign=campaign,
                    category="college",
                    projects=2,
                    pledge_percent=90,
                    activity_percent=80,
                ),
                CoverageTarget(
                    tenant=tenant,
                    campaign=campaign,
                    category="office",
                    projects=1,
                    pledge_percent=95,
                    activity_percent=90,
                ),
            ]
        )
        step("tenant, units and campaigns")

        members = load_members(tenant, tree, args.members, rng)
        step(f"members ({len(members):,})")

        pledges = load_pledges(tenant, campaign, earlier, members, args.pledge_share, rng)
        step(f"pledges ({pledges:,}, both campaigns)")

        # Activities: hosted by the sub-unions and direct groups, a fifth by the school union; the
        # earlier campaign's (a tenth as many) are all closed.
        hosts = tree.owing + [tree.root.pk] * (len(tree.owing) // 4)
        load_activities(tenant, campaign, args.activities, date(2011, 1, 1), 660, 0.12, hosts, rng)
        load_activities(tenant, earlier, args.activities // 10, date(2008, 3, 1), 600, 0.0, hosts, rng)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, campaign_id, status, starts_at FROM activities_activity WHERE tenant_id = %s ORDER BY id",
                [tenant.pk],
            )
            activities = cursor.fetchall()
        closed = [
            (pk, starts + timedelta(minutes=20))
            for pk, campaign_id, status, starts in activities
            if campaign_id == campaign.pk and status == ActivityStatus.CLOSED
        ]
        earlier_closed = [
            (pk, starts + timedelta(minutes=20))
            for pk, campaign_id, _s, starts in activities
            if campaign_id == earlier.pk
        ]
        open_now = [
            pk
            for pk, campaign_id, status, _s in activities
            if campaign_id == campaign.pk and status == ActivityStatus.PUBLISHED
        ]
        step(
            f"activities ({len(activities):,}: {len(closed):,} closed and {len(open_now):,} open in the campaign)"
        )

        # Attendance: 5 % of the rows at the earlier campaign's activities (two each for random
        # members, attendees of the campaign or not); the rest at the campaign's closed activities.
        earlier_rows = min(args.attendance // 20, len(members) * 2) // 2 * 2
        counts = attendance_counts(
            len(members), args.attendance - earlier_rows, len(closed), args.idle_share, rng
        )
        methods = ["checkin"] * 6 + ["ticked"]

        def attendance() -> Iterable[dict[str, Any]]:
            for (member_id, _unit), count in zip(members, counts, strict=True):
                for activity_id, when in rng.sample(closed, count):
                    yield {
                        "tenant_id": tenant.pk,
                        "activity_id": activity_id,
                        "member_id": member_id,
                        "method": rng.choice(methods),
                        "at": when,
                    }
            for member_id, _unit in rng.sample(members, earlier_rows // 2):
                for activity_id, when in rng.sample(earlier_closed, 2):
                    yield {
                        "tenant_id": tenant.pk,
                        "activity_id": activity_id,
                        "member_id": member_id,
                        "method": "checkin",
                        "at": when,
                    }

        rows = copy_rows("activities_attendance", attendance())
        step(f"attendance ({rows:,})")

        # Registrations: 100 confirmed places at each activity still open for sign-up.
        signed = at(date(2012, 6, 1))
        rows = copy_rows(
            "activities_registration",
            (
                {
                    "tenant_id": tenant.pk,
                    "activity_id": activity_id,
                    "member_id": member_id,
                    "status": str(RegistrationStatus.CONFIRMED),
                    "position": None,
                    "created_at": signed,
                    "updated_at": signed,
                }
                for activity_id in open_now
                for member_id, _unit in rng.sample(members, min(100, len(members)))
            ),
        )
        step(f"registrations ({rows:,})")

        # Projects: 0–3 per sub-union or direct group in the campaign (some units still owe one), a
        # third of them registered by one of the unit's groups; 0–1 in the earlier campaign.
        themes = {c.pk: list(Theme.objects.filter(campaign=c)) for c in (campaign, earlier)}
        projects = []
        for unit_id in tree.owing:
            for camp, count in ((campaign, rng.choice([0, 1, 1, 1, 2, 2, 3])), (earlier, rng.choice([0, 1]))):
                for number in range(count):
                    where = unit_id
                    if tree.groups_of.get(unit_id) and rng.random() < 0.33:
                        where = rng.choice(tree.groups_of[unit_id])
                    projects.append(
                        Project(
                            tenant=tenant,
                            campaign=camp,
                            unit_id=where,
                            theme=rng.choice(themes[camp.pk]),
                            title=f"项目 {unit_id}-{number}",
                            goals="提升质量",
                            status=ProjectStatus.ACTIVE,
                        )
                    )
        Project.objects.bulk_create(projects)
        step(f"projects ({len(projects):,}, both campaigns)")

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # hint bits, visibility map (index-only scans) and statistics
    step("VACUUM ANALYZE")
    total = round(time.perf_counter() - started, 1)
    print(f"generated in {total} s", file=sys.stderr)
    return {"generate_s": total, "generate_steps_s": steps}


# What the data depends on besides the code: the options of main() that shape it, and the seed.
GENERATION_OPTIONS = ("members", "attendance", "activities", "units", "pledge_share", "idle_share")


def generation_settings(args: argparse.Namespace) -> dict[str, Any]:
    return {**{key: getattr(args, key) for key in GENERATION_OPTIONS}, "seed": SEED}


def stored_settings() -> dict[str, Any] | None:
    """The generation settings recorded in the database's comment, or None."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        comment = cursor.fetchone()[0]
    try:
        settings = json.loads(comment or "")
    except ValueError:
        return None
    return settings if isinstance(settings, dict) else None


def store_settings(settings: dict[str, Any]) -> None:
    """Record the generation settings as the database's comment (``COMMENT ON DATABASE``)."""
    from django.db import connection

    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [json.dumps(settings, sort_keys=True)])


def settings_difference(stored: dict[str, Any] | None, wanted: dict[str, Any]) -> str:
    if stored is None:
        return "no generation settings recorded"
    return ", ".join(
        f"{key} {stored.get(key, '(none)')} → {value}"
        for key, value in wanted.items()
        if stored.get(key) != value
    )


def data_counts() -> dict[str, int] | None:
    """Row counts of the benchmark tenant, or None when it is not there."""
    from django.db import connection

    from chuangxian.core.models import Tenant

    tenant = Tenant.objects.filter(slug=TENANT_SLUG).first()
    if tenant is None:
        return None
    counts = {}
    with connection.cursor() as cursor:
        for key, table in [
            ("units", "orgs_unit"),
            ("members", "orgs_member"),
            ("pledges", "pledges_pledge"),
            ("activities", "activities_activity"),
            ("attendance", "activities_attendance"),
            ("registrations", "activities_registration"),
            ("projects", "projects_project"),
        ]:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE tenant_id = %s", [tenant.pk])
            counts[key] = cursor.fetchone()[0]
    return counts


# --- the hand-written SQL ------------------------------------------------------------------------

# The statements take %(tenant)s, %(campaign)s, %(root)s (the unit's id), %(prefix)s (its path
# followed by %), %(child_depth)s, %(child_len)s (a child's depth and path length) and %(public)s.

# The members with a published pledge in the campaign, and the campaign's distinct attendees: the
# report, the drill-down and the figure shapes below all use these two.
PLEDGED_IDS = """SELECT member_id FROM pledges_pledge
    WHERE tenant_id = %(tenant)s AND campaign_id = %(campaign)s AND status = ANY(%(public)s)"""
ATTENDED_IDS = """SELECT DISTINCT t.member_id
    FROM activities_attendance t JOIN activities_activity a ON a.id = t.activity_id
    WHERE t.tenant_id = %(tenant)s AND a.tenant_id = %(tenant)s AND a.campaign_id = %(campaign)s"""

# Each unit of the subtree goes to its reporting row: its active child of the root, or else the root
# itself (the root's own members, and those under a deactivated child). Published pledges and the
# distinct attendees of the campaign are each computed once, hashed, and joined to the members.
RAW_REPORT = f"""
WITH subtree AS (
    SELECT id, path, depth, is_active FROM orgs_unit
    WHERE tenant_id = %(tenant)s AND path LIKE %(prefix)s
),
reporting AS (
    SELECT s.id AS unit_id, COALESCE(c.id, %(root)s) AS row_id
    FROM subtree s
    LEFT JOIN subtree c
        ON c.depth = %(child_depth)s AND c.is_active AND c.path = left(s.path, %(child_len)s)
),
pledged AS ({PLEDGED_IDS}),
attended AS ({ATTENDED_IDS}),
figures AS (
    SELECT r.row_id,
           count(*) AS members,
           count(p.member_id) AS pledged,
           count(x.member_id) AS attended,
           count(*) FILTER (WHERE p.member_id IS NOT NULL AND x.member_id IS NOT NULL) AS complete
    FROM orgs_member m
    JOIN reporting r ON r.unit_id = m.unit_id
    LEFT JOIN pledged p ON p.member_id = m.id
    LEFT JOIN attended x ON x.member_id = m.id
    WHERE m.tenant_id = %(tenant)s AND m.status = 'active'
    GROUP BY r.row_id
),
projects AS (
    SELECT r.row_id, count(*) AS projects
    FROM projects_project j JOIN reporting r ON r.unit_id = j.unit_id
    WHERE j.tenant_id = %(tenant)s AND j.campaign_id = %(campaign)s
    GROUP BY r.row_id
)
SELECT row_id, COALESCE(f.members, 0), COALESCE(f.pledged, 0), COALESCE(f.attended, 0),
       COALESCE(f.complete, 0), COALESCE(j.projects, 0)
FROM figures f FULL JOIN projects j USING (row_id)
"""


# The drill-down: active members of the subtree lacking a published pledge or an attended activity,
# counted and paged in one pass (count(*) OVER () before the LIMIT); the page's rows are then joined
# back for their columns and whether they hold a confirmed place at an activity still open.
# RAW_MISSING_PAGE is the same without the count (the page alone).
def raw_missing(*, counted: bool) -> str:
    total, page_total = (
        (",\n           count(*) OVER () AS total", ",\n       page.total") if counted else ("", "")
    )
    return f"""
SELECT m.*, u.*, page.pledge_status, page.has_pledge, page.has_attended,
       EXISTS (
           SELECT 1 FROM activities_registration r JOIN activities_activity a ON a.id = r.activity_id
           WHERE r.tenant_id = %(tenant)s AND r.member_id = m.id AND r.status = 'confirmed'
             AND a.campaign_id = %(campaign)s AND a.status = 'published'
       ){page_total}
FROM (
    SELECT m.id, u.path, m.staff_no, p.status AS pledge_status,
           COALESCE(p.status = ANY(%(public)s), false) AS has_pledge,
           x.member_id IS NOT NULL AS has_attended{total}
    FROM orgs_member m
    JOIN orgs_unit u ON u.id = m.unit_id
    LEFT JOIN pledges_pledge p
        ON p.tenant_id = %(tenant)s AND p.campaign_id = %(campaign)s AND p.member_id = m.id
    LEFT JOIN ({ATTENDED_IDS}) x ON x.member_id = m.id
    WHERE m.tenant_id = %(tenant)s AND m.status = 'active' AND u.path LIKE %(prefix)s
      AND (p.status IS NULL OR p.status <> ALL(%(public)s) OR x.member_id IS NULL)
    ORDER BY u.path, m.staff_no
    LIMIT {PAGE_SIZE}
) page
JOIN orgs_member m ON m.id = page.id
JOIN orgs_unit u ON u.id = m.unit_id
ORDER BY page.path, page.staff_no
"""


RAW_MISSING = raw_missing(counted=True)
RAW_MISSING_PAGE = raw_missing(counted=False)

# Other shapes of the member-figures statement, grouped by the member's unit like the ORM's, to tell
# the cost of the ORM's shape from the cost of the work. "counts" shapes return (unit, members,
# pledged, attended, complete); "flags" shapes return (unit, pledged?, attended?, members), at most
# four rows per unit, folded in Python.
FIGURES_MEMBERS = """
FROM orgs_member m JOIN orgs_unit u ON u.id = m.unit_id
WHERE m.tenant_id = %(tenant)s AND m.status = 'active' AND u.path LIKE %(prefix)s
"""
PLEDGED_EXISTS = """EXISTS (SELECT 1 FROM pledges_pledge p WHERE p.tenant_id = %(tenant)s
    AND p.campaign_id = %(campaign)s AND p.member_id = m.id AND p.status = ANY(%(public)s))"""
ATTENDED_EXISTS = """EXISTS (SELECT 1 FROM activities_attendance t
    JOIN activities_activity a ON a.id = t.activity_id
    WHERE t.tenant_id = %(tenant)s AND a.campaign_id = %(campaign)s AND t.member_id = m.id)"""
FIGURE_SHAPES = {
    # .alias(pledged=Exists(..), attended=Exists(..)).values("unit_id", "pledged", "attended")
    # .annotate(n=Count("pk")): each EXISTS evaluated once per member (the ORM's repeats both in
    # the "complete" count).
    "GROUP BY unit, EXISTS, EXISTS": (
        "flags",
        f"SELECT m.unit_id, {PLEDGED_EXISTS}, {ATTENDED_EXISTS}, count(*) {FIGURES_MEMBERS} GROUP BY 1, 2, 3",
    ),
    # The same with ExpressionWrapper(Q(pk__in=<ids>.distinct())): each a hashed SubPlan, built once.
    "GROUP BY unit, IN (ids), IN (DISTINCT ids)": (
        "flags",
        f"""SELECT m.unit_id, m.id IN ({PLEDGED_IDS}), m.id IN ({ATTENDED_IDS}), count(*)
{FIGURES_MEMBERS} GROUP BY 1, 2, 3""",
    ),
    # Count(filter=Q(pk__in=<ids>.distinct())) for each figure: hashed SubPlans, built per use.
    "COUNT FILTER (IN (DISTINCT ids)) per figure": (
        "counts",
        f"""SELECT m.unit_id, count(*),
       count(*) FILTER (WHERE m.id IN ({PLEDGED_IDS})),
       count(*) FILTER (WHERE m.id IN ({ATTENDED_IDS})),
       count(*) FILTER (WHERE m.id IN ({PLEDGED_IDS}) AND m.id IN ({ATTENDED_IDS}))
{FIGURES_MEMBERS} GROUP BY m.unit_id""",
    ),
    # LEFT JOIN to the published pledges and to the distinct attendees (the raw report's shape).
    "LEFT JOIN (ids), LEFT JOIN (DISTINCT ids)": (
        "counts",
        f"""SELECT m.unit_id, count(*), count(p.member_id), count(x.member_id),
       count(*) FILTER (WHERE p.member_id IS NOT NULL AND x.member_id IS NOT NULL)
FROM orgs_member m JOIN orgs_unit u ON u.id = m.unit_id
LEFT JOIN ({PLEDGED_IDS}) p ON p.member_id = m.id
LEFT JOIN ({ATTENDED_IDS}) x ON x.member_id = m.id
WHERE m.tenant_id = %(tenant)s AND m.status = 'active' AND u.path LIKE %(prefix)s
GROUP BY m.unit_id""",
    ),
}
# Without DISTINCT the planner expects ~one id per attendance row: the set does not fit in hash_mem
# (work_mem × hash_mem_multiplier), so the IN becomes a plain SubPlan that rescans the whole list for
# every member. Run once, under a statement timeout.
CLIFF_SHAPE = (
    "GROUP BY unit, IN (ids), IN (ids without DISTINCT)",
    f"""SELECT m.unit_id, m.id IN ({PLEDGED_IDS}), m.id IN ({ATTENDED_IDS.replace("DISTINCT ", "")}), count(*)
{FIGURES_MEMBERS} GROUP BY 1, 2, 3""",
)
CLIFF_TIMEOUT_S = 30
# The selector's statement is the "GROUP BY unit, EXISTS (pledge), IN (DISTINCT attendees)" shape
# (Exists for the pledge, ExpressionWrapper(Q(pk__in=<ids>.distinct())) for the attendance).
ORM_SHAPE = "ORM as sent: GROUP BY unit, EXISTS (pledge), IN (DISTINCT attendees)"


def counts_of(figures: Any) -> tuple[int, int, int, int]:
    """A ``coverage.selectors.Figures`` as (members, pledged, attended, complete), like ``fold``."""
    return (figures.members, figures.pledged, figures.attended, figures.complete)


def fold(kind: str, rows: list[tuple[Any, ...]]) -> dict[int, tuple[int, int, int, int]]:
    """Rows of a figures shape as {unit id: (members, pledged, attended, complete)}."""
    if kind == "counts":
        return {
            unit_id: (members, pledged, attended, complete)
            for unit_id, members, pledged, attended, complete in rows
        }
    figures: dict[int, list[int]] = {}
    for unit_id, pledged, attended, count in rows:
        totals = figures.setdefault(unit_id, [0, 0, 0, 0])
        totals[0] += count
        totals[1] += count if pledged else 0
        totals[2] += count if attended else 0
        totals[3] += count if pledged and attended else 0
    return {key: (a, b, c, d) for key, (a, b, c, d) in figures.items()}


# --- measuring -----------------------------------------------------------------------------------


def race(runs: int, contenders: dict[str, Callable[[], Any]]) -> dict[str, dict[str, Any]]:
    """Each contender called once to warm up, then ``runs`` rounds calling each in turn (so that a
    change in the machine's load affects all alike); per contender: best and median seconds and the
    last result."""
    results = {name: function() for name, function in contenders.items()}
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):
        for name, function in contenders.items():
            started = time.perf_counter()
            results[name] = function()
            times[name].append(time.perf_counter() - started)
    return {
        name: {
            "best_s": round(min(times[name]), 4),
            "median_s": round(statistics.median(times[name]), 4),
            "result": results[name],
        }
        for name in contenders
    }


def jit_off(function: Callable[[], Any]) -> Callable[[], Any]:
    """``function`` with JIT compilation off for the session (two round trips of ~0.1 ms)."""

    def wrapped() -> Any:
        fetch("SET jit = off", None)
        try:
            return function()
        finally:
            fetch("RESET jit", None)

    return wrapped


def fetch(statement: str, params: dict[str, Any] | None) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def explain_only(statement: str, params: dict[str, Any] | None = None) -> list[str]:
    """The plan without running the statement."""
    return [row[0] for row in fetch("EXPLAIN " + statement, params)]


def explain(statement: str, params: dict[str, Any] | None = None) -> list[str]:
    """The plan of the statement, run (ANALYZE, BUFFERS)."""
    return [row[0] for row in fetch("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)]


def plan_summary(lines: list[str]) -> list[str]:
    """The top of the plan, then its planning, JIT and execution lines."""
    end = next((i for i, line in enumerate(lines) if line.startswith("Planning")), len(lines))
    head = lines[: min(end, PLAN_LINES)]
    more = [f"  … {end - PLAN_LINES} more lines in bench/out/coverage_plans.txt"] if end > PLAN_LINES else []
    return head + more + lines[end:]


def timings(timed: dict[str, dict[str, Any]], suffix: str = "") -> dict[str, Any]:
    """Best and median seconds of ``orm<suffix>`` and ``raw<suffix>``, each with the server's JIT
    setting and with JIT off (``…_jit_off``), and the ratios ORM ÷ raw: with JIT on, and JIT off
    against JIT off."""
    names = [f"{side}{suffix}{jit}" for side in ("orm", "raw") for jit in ("", "_jit_off")]
    best = {name: timed[name]["best_s"] for name in names}
    return {
        **{f"{name}_{stat}": timed[name][stat] for name in names for stat in ("best_s", "median_s")},
        f"ratio{suffix}": round(best[f"orm{suffix}"] / best[f"raw{suffix}"], 2),
        f"ratio{suffix}_jit_off": round(best[f"orm{suffix}_jit_off"] / best[f"raw{suffix}_jit_off"], 2),
    }


def execution_ms(lines: list[str]) -> float:
    for line in lines:
        if line.startswith("Execution Time"):
            return float(line.split(":")[1].split()[0])
    return float("nan")


def captured(function: Callable[[], Any]) -> list[str]:
    """The SQL statements ``function`` runs, as sent (psycopg binds parameters client-side)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        function()
    return [query["sql"] for query in context.captured_queries]


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.paginator import Paginator
    from django.db import OperationalError, connection, transaction

    from chuangxian.campaigns.models import Campaign, CampaignStatus
    from chuangxian.core.models import Tenant
    from chuangxian.coverage.selectors import (
        Missing,
        coverage_report,
        member_figures_by_unit,
        missing_members,
    )
    from chuangxian.orgs.models import Unit
    from chuangxian.pledges.models import PUBLIC_STATUSES

    tenant = Tenant.objects.get(slug=TENANT_SLUG)
    campaign = Campaign.objects.get(tenant=tenant, status=CampaignStatus.ACTIVE)
    root = Unit.objects.get(tenant=tenant, depth=1)
    params = {
        "tenant": tenant.pk,
        "campaign": campaign.pk,
        "root": root.pk,
        "prefix": root.path + "%",
        "child_depth": root.depth + 1,
        "child_len": len(root.path) + root.steplen,
        "public": [str(status) for status in PUBLIC_STATUSES],
    }
    result: dict[str, Any] = {"load_average_before": os.getloadavg()}
    with connection.cursor() as cursor:
        for setting in (
            "server_version",
            "jit",
            "work_mem",
            "max_parallel_workers_per_gather",
            "shared_buffers",
        ):
            cursor.execute(f"SHOW {setting}")
            result[setting] = cursor.fetchone()[0]

    # The statements as sent, for their plans and to time them alone.
    report_sql = captured(lambda: coverage_report(campaign, root))
    figures_sql = next(sql for sql in report_sql if "orgs_member" in sql and "GROUP BY" in sql)

    def orm_page() -> tuple[int, list[Any]]:
        """The drill-down as the page shows it: the paginator's count, then the first page."""
        page = Paginator(missing_members(campaign, root, Missing.ANY), PAGE_SIZE).get_page(1)
        return page.paginator.count, list(page.object_list)

    def raw_page() -> tuple[int, list[tuple[Any, ...]]]:
        rows = fetch(RAW_MISSING, params)
        return (rows[0][-1] if rows else 0), rows

    page_sql = captured(orm_page)
    count_sql = next(sql for sql in page_sql if "COUNT(*)" in sql.upper())
    list_sql = next(sql for sql in page_sql if sql is not count_sql)

    # The report: the ORM (its statements and the assembly in Python) against one statement.
    timed = race(
        args.runs,
        {
            "orm": lambda: coverage_report(campaign, root),
            "orm_jit_off": jit_off(lambda: coverage_report(campaign, root)),
            "raw": lambda: fetch(RAW_REPORT, params),
            "raw_jit_off": jit_off(lambda: fetch(RAW_REPORT, params)),
        },
    )
    report, raw_rows = timed["orm"]["result"], timed["raw"]["result"]
    assert timed["raw_jit_off"]["result"] == raw_rows
    orm = {row.unit.pk: (*counts_of(row.figures), row.projects) for row in report.rows}
    # The report shows the root's own row only when it has members, and every active child.
    raw = {row[0]: tuple(row[1:]) for row in raw_rows if row[0] != root.pk or row[1]}
    orm = {key: value for key, value in orm.items() if any(value)}
    raw = {key: value for key, value in raw.items() if any(value)}
    assert orm == raw, f"the figures differ:\nORM {orm}\nraw {raw}"
    total = report.total
    assert (*counts_of(total.figures), total.projects) == tuple(
        sum(column) for column in zip(*(row[1:] for row in raw_rows), strict=True)
    )
    result["report"] = {
        "queries": len(report_sql),
        "rows": len(report.rows),
        "members": total.figures.members,
        "pledged": total.figures.pledged,
        "attended": total.figures.attended,
        "complete": total.figures.complete,
        "projects": total.projects,
        "units_without_project": len(report.units_without_project),
        **timings(timed),
    }

    # The drill-down: count and first page.
    def orm_page_only() -> list[Any]:
        """The page alone, as when the view takes the count from the report's figures."""
        return list(missing_members(campaign, root, Missing.ANY)[:PAGE_SIZE])

    def raw_page_only() -> list[tuple[Any, ...]]:
        return fetch(RAW_MISSING_PAGE, params)

    timed = race(
        args.runs,
        {
            "orm": orm_page,
            "orm_jit_off": jit_off(orm_page),
            "raw": raw_page,
            "raw_jit_off": jit_off(raw_page),
            "orm_page_only": orm_page_only,
            "orm_page_only_jit_off": jit_off(orm_page_only),
            "raw_page_only": raw_page_only,
            "raw_page_only_jit_off": jit_off(raw_page_only),
        },
    )
    orm_count, orm_members = timed["orm"]["result"]
    raw_count, raw_members = timed["raw"]["result"]
    assert timed["orm_jit_off"]["result"][0] == orm_count
    assert [m.pk for m in timed["orm_jit_off"]["result"][1]] == [m.pk for m in orm_members]
    for key in ("orm_page_only", "orm_page_only_jit_off"):
        assert [m.pk for m in timed[key]["result"]] == [m.pk for m in orm_members]
    assert timed["raw_jit_off"]["result"] == (raw_count, raw_members)
    for key in ("raw_page_only", "raw_page_only_jit_off"):
        assert timed[key]["result"] == [row[:-1] for row in raw_members]
    assert orm_count == raw_count == total.figures.incomplete, (
        orm_count,
        raw_count,
        total.figures.incomplete,
    )
    orm_list = [(m.pk, m.pledge_status, m.has_pledge, m.has_attended, m.signed_up) for m in orm_members]
    raw_list = [(row[0], *row[-5:-1]) for row in raw_members]
    assert orm_list == raw_list, f"the first page differs:\nORM {orm_list}\nraw {raw_list}"
    result["missing"] = {
        "queries": len(page_sql),
        "count": orm_count,
        "page": len(orm_list),
        **timings(timed),
        **timings(timed, "_page_only"),
    }

    plans: dict[str, list[str]] = {}
    sources: dict[str, str] = {}

    def plan(name: str, statement: str, with_params: bool, *, analyze: bool = True) -> None:
        sources[name] = statement
        plans[name] = (explain if analyze else explain_only)(statement, params if with_params else None)

    plan("ORM member figures (coverage_report)", figures_sql, False)
    plan("raw report", RAW_REPORT, True)
    plan("ORM missing_members count", count_sql, False)
    plan("ORM missing_members first page", list_sql, False)
    plan("raw missing count and first page", RAW_MISSING, True)
    plan("raw missing first page only", RAW_MISSING_PAGE, True)
    result["plans_ms"] = {name: execution_ms(lines) for name, lines in plans.items()}

    # The member-figures statement alone, and other shapes of it, each checked against the selector.
    expected = {key: counts_of(f) for key, f in member_figures_by_unit(campaign, root).items()}
    contenders: dict[str, Callable[[], Any]] = {ORM_SHAPE: lambda: fetch(figures_sql, None)}
    kinds = {ORM_SHAPE: "flags"}
    for name, (kind, statement) in FIGURE_SHAPES.items():
        contenders[name] = functools.partial(fetch, statement, params)
        kinds[name] = kind
        plan(f"shape: {name}", statement, True)
    # Interleaved, with the server's JIT setting and with JIT off (each its own round).
    contenders |= {f"{name} (jit off)": jit_off(function) for name, function in list(contenders.items())}
    shapes: dict[str, dict[str, Any]] = {}
    for name, timing in race(args.runs, contenders).items():
        figures = timing.pop("result")
        base, jit = (name[: -len(" (jit off)")], "jit_off_") if name.endswith(" (jit off)") else (name, "")
        assert fold(kinds[base], figures) == expected, name
        shapes.setdefault(base, {}).update({jit + key: value for key, value in timing.items()})
    name, statement = CLIFF_SHAPE
    plan(f"shape: {name} (EXPLAIN only)", statement, True, analyze=False)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            fetch(f"SET LOCAL statement_timeout = '{CLIFF_TIMEOUT_S}s'", None)
            fetch(statement, params)
        shapes[name] = {"best_s": round(time.perf_counter() - started, 4)}
    except OperationalError:  # QueryCanceled
        shapes[name] = {"best_s": None, "cancelled_after_s": CLIFF_TIMEOUT_S}
    result["figure_shapes"] = shapes
    result["load_average_after"] = os.getloadavg()

    OUT.mkdir(exist_ok=True)
    with (OUT / "coverage_plans.txt").open("w") as handle:
        handle.write(f"Parameters of the hand-written statements: {json.dumps(params)}\n\n")
        for name, lines in plans.items():
            handle.write(f"== {name}\n{sources[name].strip()}\n\n" + "\n".join(lines) + "\n\n")
    result["plan_summaries"] = {
        name: plan_summary(lines) for name, lines in plans.items() if not name.startswith("shape:")
    }
    return result


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Coverage figures: ORM against hand-written SQL (PostgreSQL)"
    )
    parser.add_argument(
        "--database", default="bench_coverage", help="database name on the DATABASE_URL server"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="drop the database and generate the data again"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs after one warm-up; the best counts")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--attendance", type=int, default=1_000_000)
    parser.add_argument("--activities", type=int, default=2_000)
    parser.add_argument("--units", type=int, default=30, help="children of the school union")
    parser.add_argument("--pledge-share", type=float, default=0.6)
    parser.add_argument("--idle-share", type=float, default=0.28, help="members who attend nothing")
    args = parser.parse_args()

    url, maintenance = database_urls(args.database)
    ensure_database(maintenance, args.database, drop=args.rebuild)
    setup_django(url, DEBUG="false")  # no query log in memory
    migrate()
    # Reuse the data only if it was generated with the same settings; otherwise generate it again.
    wanted = generation_settings(args)
    counts = data_counts()
    if counts is not None and (stored := stored_settings()) != wanted:
        print(
            f"{args.database} was generated with other settings ({settings_difference(stored, wanted)}); "
            "rebuilding",
            file=sys.stderr,
        )
        from django.db import connection

        connection.close()
        ensure_database(maintenance, args.database, drop=True)
        migrate()
        counts = None
    generated: dict[str, Any] = {}
    if counts is None:
        print(
            f"generating {args.members:,} members and {args.attendance:,} attendance rows …", file=sys.stderr
        )
        generated = generate(args)
        store_settings(wanted)
        counts = data_counts()
    else:
        print(f"reusing {args.database} (--rebuild to regenerate)", file=sys.stderr)
    assert counts is not None and stored_settings() == wanted

    result = {
        "database": args.database,
        "runs": args.runs,
        "settings": wanted,
        "counts": counts,
        **generated,
        **measure(args),
    }
    report, missing = result["report"], result["missing"]
    print(
        f"\nPostgreSQL {result['server_version']} (jit {result['jit']}, work_mem {result['work_mem']}, "
        f"parallel workers per gather {result['max_parallel_workers_per_gather']})"
    )
    print(
        "load average before {} and after {} (2 vCPU)".format(
            *(
                " ".join(f"{x:.1f}" for x in result[key])
                for key in ("load_average_before", "load_average_after")
            )
        )
    )
    print("rows: " + ", ".join(f"{key} {value:,}" for key, value in counts.items()))
    if generated:
        print(f"generated in {generated['generate_s']} s")
    print(
        f"\nfigures: {report['members']:,} active members, {report['pledged']:,} with a published pledge, "
        f"{report['attended']:,} attended, {report['complete']:,} both; {report['projects']} projects, "
        f"{report['rows']} rows, {report['units_without_project']} units without enough projects"
    )
    print(f"missing: {missing['count']:,} members, first page of {missing['page']}\n")
    print(f"best of {args.runs} (median) | ORM s | raw SQL s | ORM ÷ raw")
    print("--- | ---: | ---: | ---:")
    for name, key, suffix in [
        (f"coverage_report ({report['queries']} queries)", report, ""),
        (f"missing_members count + page ({missing['queries']} queries)", missing, ""),
        ("missing_members page only (1 query; raw without the count)", missing, "_page_only"),
    ]:
        for jit, label in (("", ""), ("_jit_off", ", jit = off (both)")):
            orm, raw = f"orm{suffix}{jit}", f"raw{suffix}{jit}"
            print(
                f"{name}{label} | {key[orm + '_best_s']:.3f} ({key[orm + '_median_s']:.3f}) | "
                f"{key[raw + '_best_s']:.3f} ({key[raw + '_median_s']:.3f}) | {key[f'ratio{suffix}{jit}']:.2f}"
            )
    raw, raw_jit_off = report["raw_best_s"], report["raw_jit_off_best_s"]
    print(
        f"\nmember-figures statement, by shape (best of {args.runs}) | jit on s | ÷ raw report | "
        "jit off s | ÷ raw report, jit off"
    )
    print("--- | ---: | ---: | ---: | ---:")
    for name, times in result["figure_shapes"].items():
        if times["best_s"] is None:
            print(f"{name} | cancelled after {times['cancelled_after_s']} s (run once) | | | ")
        elif "jit_off_best_s" not in times:
            print(f"{name} | {times['best_s']:.3f} (run once) | {times['best_s'] / raw:.1f} | | ")
        else:
            print(
                f"{name} | {times['best_s']:.3f} | {times['best_s'] / raw:.2f} | "
                f"{times['jit_off_best_s']:.3f} | {times['jit_off_best_s'] / raw_jit_off:.2f}"
            )
    for name, lines in result["plan_summaries"].items():
        print(f"\n== EXPLAIN ANALYZE: {name}")
        print("\n".join(lines))
    OUT.mkdir(exist_ok=True)
    (OUT / "coverage.json").write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
