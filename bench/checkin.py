"""Benchmark QR check-in over HTTP: members scanning an activity's code, gunicorn on PostgreSQL.

Issue 12: 2,000 members check in within 5 minutes, with a peak of 100 scans per second and 10 % of
them scanning twice; the figures are the p95 latency (goal ≤ 200 ms), its ratio to a bare INSERT of
the same attendance rows in the same run, and exactly one attendance row per member.

On a PostgreSQL database of its own (``bench_checkin`` on the server of ``DATABASE_URL``, default
``postgres://postgres@localhost/test``; created afresh and dropped at the end) it builds, through the
services, a school of ``--members`` members with a login each (datagen's sub-unions and groups), an
active campaign whose activity phase runs today, and a published whole-school activity that started
ten minutes ago, so its check-in window is open. It writes a login session for every member (the
benchmark measures the check-in, not the login), starts gunicorn with the production settings
(``config.settings.prod``, plain HTTP) and drives the scan URL ``/activities/<id>/checkin/?code=…``
from this process, open loop (a scan is sent at its time whether or not earlier ones were answered):

* the code is the one the host screen would show: made with the same SECRET_KEY and the activity
  salt (the activities' check-in adapter's ``codes``, ``core.checkin``), a new one every
  ``ROTATE_SECONDS``;
* ``--members`` distinct members plus ``--double`` (10 %) of them a second time, with the same
  session (the same phone), in a random order; so ``members × 1.1`` scans within ``--duration``;
* the scan times follow a rate profile: an even trickle over the whole duration carrying
  1 − ``--burst-share`` of the scans, plus a Gaussian burst (the host puts the code on the screen
  at the start) centred at a third of the duration and carrying the rest, its width chosen so that
  the rate at the top of the burst is ``--peak`` (100) scans per second. The times are the profile's
  quantiles, so every run sends the same schedule.

A scan's latency counts from its scheduled time to the answer (the client's pool of
``--client-threads`` threads waits on a slow server, and a scan that leaves late waited as long on
the member's phone). A scan is answered 200 with "签到时间" (the check-in page), and "重复签到只计一次" when the member had
already checked in; anything else is an error. Afterwards it checks, in the database, that every
member has exactly one attendance row (and no one else has one), and that the answers said "new"
exactly once per member.

The baseline, in the same run against the same database: the check-in rows are deleted and the same
rows (tenant, activity, member, method, time) are INSERTed again by plain SQL from this process, one
row per statement in autocommit (a commit each, as a check-in commits each), timed one by one; then
once more as a single multi-row INSERT. The figure is the check-in p95 ÷ the single-row INSERT p95.

    uv run --frozen python bench/checkin.py                 # 6–8 minutes: 2,000 members in 5 minutes
    uv run --frozen python bench/checkin.py --quick         # 2–4 minutes: 500 members in 30 s
    uv run --frozen python bench/checkin.py --workers 9 --duration 120

The client runs on the same machine as gunicorn and PostgreSQL and competes with them for the CPU.
Results go to ``bench/out/checkin.json``; the exit status is 1 if any scan failed or the attendance
check failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import datagen
from common import (
    OUT,
    database_urls,
    ensure_database,
    migrate,
    percentile,
    pg_roundtrip_ms,
    port_in_use,
    setup_django,
    start_gunicorn,
)

DB_NAME = "bench_checkin"
TENANT_SLUG = "bench-checkin"
HOST = "127.0.0.1"
CHECKED_IN = "签到时间".encode()
ALREADY = "重复签到只计一次".encode()

# The server's settings, also used by this process (which builds the data and makes the codes, so
# it must share the SECRET_KEY).
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "SECRET_KEY": "bench-checkin-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
    "SECURE_HSTS_SECONDS": "0",
    "CONN_MAX_AGE": "60",  # persistent connections per worker, as in production
    "LOG_LEVEL": "ERROR",
}


# --- the school, the activity, the sessions ------------------------------------------------------


def build_school(members: int) -> list[int]:
    """A tenant with ``datagen``'s sub-unions and ``members`` members spread over them, each with a
    login (no password: the bench writes their sessions). Returns the member ids."""
    from django.db import transaction

    from chuangxian.accounts.models import User
    from chuangxian.core.actors import SYSTEM
    from chuangxian.orgs.models import Member
    from chuangxian.orgs.services import tenant_create

    started = time.perf_counter()
    tenant = tenant_create(name="签到基准测试学院", slug=TENANT_SLUG, actor=SYSTEM)
    specs = datagen.units(12)
    created = datagen.create_units(tenant, specs)
    units = [created[spec.name] for spec in specs]
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    username=f"{TENANT_SLUG}:{100000 + i}",
                    tenant=tenant,
                    staff_no=str(100000 + i),
                    display_name=f"会员{i}",
                    password="!",
                )
                for i in range(members)
            ],
            batch_size=2000,
        )
        rows = Member.objects.bulk_create(
            [
                Member(
                    tenant=tenant,
                    unit=units[i % len(units)],
                    staff_no=user.staff_no,
                    name=user.display_name,
                    user=user,
                )
                for i, user in enumerate(users)
            ],
            batch_size=2000,
        )
    print(f"built the school: {members} members in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return [row.pk for row in rows]


def open_activity() -> int:
    """An active campaign whose activity phase runs today, and a published activity of the school
    union for the whole school that started ten minutes ago (check-in open), through the services
    as the system. Returns its id."""
    from chuangxian.activities.models import ActivityKind
    from chuangxian.activities.services import ActivityData, activity_create, activity_publish
    from chuangxian.campaigns.models import CampaignStatus, PhaseAction
    from chuangxian.campaigns.services import CampaignSpec, PhaseSpec, campaign_create, campaign_set_status
    from chuangxian.core import clock
    from chuangxian.core.actors import SYSTEM
    from chuangxian.core.models import Tenant
    from chuangxian.orgs.models import Unit

    tenant = Tenant.objects.get(slug=TENANT_SLUG)
    root = Unit.objects.get(tenant=tenant, depth=1)
    today = clock.now().date()
    campaign = campaign_create(
        tenant=tenant,
        spec=CampaignSpec(
            title="签到基准测试创先活动",
            themes=["师德建设常态化"],
            phases=[
                PhaseSpec(
                    "宣传发动", today - timedelta(days=60), today - timedelta(days=31), [PhaseAction.MEETING]
                ),
                PhaseSpec(
                    "创先争优", today - timedelta(days=30), today + timedelta(days=30), [PhaseAction.ACTIVITY]
                ),
            ],
        ),
        actor=SYSTEM,
    )
    campaign_set_status(campaign=campaign, status=CampaignStatus.ACTIVE, actor=SYSTEM)
    now = clock.now()
    activity = activity_create(
        campaign=campaign,
        unit=root,
        data=ActivityData(
            kind=ActivityKind.TRAINING,
            title="全校教职工师德专题报告会",
            starts_at=now - timedelta(minutes=10),
            ends_at=now + timedelta(hours=3),
            signup_opens_at=now - timedelta(days=7),
            signup_closes_at=now - timedelta(days=1),
            place="学术报告厅",
            whole_tenant=True,
        ),
        actor=SYSTEM,
    )
    activity_publish(activity=activity, actor=SYSTEM)
    return activity.pk


def fresh_sessions(member_ids: list[int]) -> dict[int, str]:
    """A login session for every member (member id → session key), written to the session store."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from chuangxian.orgs.models import Member

    store = SessionStore()
    backend = "chuangxian.accounts.backends.StaffNumberBackend"
    expires = timezone.now() + timedelta(hours=6)
    rows, keys = [], {}
    for member in Member.objects.filter(pk__in=member_ids).select_related("user"):
        user = member.user
        assert user is not None  # build_school gave every member a login
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys[member.pk] = key
    Session.objects.bulk_create(rows, batch_size=2000)
    return keys


# --- the load profile ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Scan times: an even trickle over ``duration`` plus a Gaussian burst centred at ``centre``
    whose top reaches ``peak`` scans per second."""

    scans: int
    duration: float
    peak: float
    burst_share: float

    @property
    def trickle(self) -> float:  # scans per second all along
        return self.scans * (1 - self.burst_share) / self.duration

    @property
    def centre(self) -> float:
        return self.duration / 3

    @property
    def sigma(self) -> float:
        """The burst's width: its own top is peak − trickle, and it holds burst_share of the scans."""
        return self.scans * self.burst_share / ((self.peak - self.trickle) * math.sqrt(2 * math.pi))

    def check(self) -> None:
        if not 0 < self.burst_share < 1:
            raise SystemExit("--burst-share must be between 0 and 1")
        if self.trickle >= self.peak:
            raise SystemExit(f"the trickle alone ({self.trickle:.1f}/s) reaches --peak; lengthen --duration")
        if 3 * self.sigma > self.centre:
            raise SystemExit("the burst does not fit in the duration at this --peak; lower --burst-share")

    def rate(self, t: float) -> float:
        top = self.peak - self.trickle
        return self.trickle + top * math.exp(-((t - self.centre) ** 2) / (2 * self.sigma**2))

    def cumulative(self, t: float) -> float:
        """Scans expected by time ``t`` (the burst's tails beyond 3 σ are inside the duration)."""
        burst = self.scans * self.burst_share
        gauss = 0.5 * (1 + math.erf((t - self.centre) / (self.sigma * math.sqrt(2))))
        start = 0.5 * (1 + math.erf(-self.centre / (self.sigma * math.sqrt(2))))
        return self.trickle * t + burst * (gauss - start)

    def times(self) -> list[float]:
        """The scan times: the (i + ½)/n quantiles of the profile, by bisection."""
        total = self.cumulative(self.duration)
        out = []
        for i in range(self.scans):
            target = (i + 0.5) / self.scans * total
            low, high = 0.0, self.duration
            for _ in range(50):
                middle = (low + high) / 2
                if self.cumulative(middle) < target:
                    low = middle
                else:
                    high = middle
            out.append((low + high) / 2)
        return out


@dataclass(frozen=True)
class Scan:
    at: float  # seconds after the start
    member_id: int
    second: bool  # this member's second scan


def schedule(member_ids: list[int], double: float, profile: Profile, seed: int = 2012) -> list[Scan]:
    rng = random.Random(seed)
    twice = rng.sample(member_ids, round(len(member_ids) * double))
    order = member_ids + twice
    rng.shuffle(order)
    seen: set[int] = set()
    scans = []
    for at, member_id in zip(profile.times(), order, strict=True):
        scans.append(Scan(at, member_id, member_id in seen))
        seen.add(member_id)
    return scans


# --- the HTTP client -----------------------------------------------------------------------------


@dataclass
class Outcome:
    scan: Scan
    sent: float  # seconds after the start
    seconds: float  # latency
    status: int
    kind: str  # "new", "already" or an error label


def scan_once(port: int, path: str, session: str) -> tuple[int, bytes, float]:
    headers = {"Cookie": f"sessionid={session}", "Connection": "close", "User-Agent": "bench-checkin"}
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", path, headers=headers)
        reply = connection.getresponse()
        body = reply.read()
        return reply.status, body, time.perf_counter() - started
    finally:
        connection.close()


class HostScreen:
    """The code on the host's screen: made with the activity salt, remade every ROTATE_SECONDS."""

    def __init__(self, activity_id: int) -> None:
        from chuangxian.activities.services import CHECKIN
        from chuangxian.core.checkin import ROTATE_SECONDS

        self.activity_id = activity_id
        self.make = CHECKIN.codes.make
        self.every = ROTATE_SECONDS
        self.lock = threading.Lock()
        self.made_at = -math.inf
        self.token = ""

    def path(self) -> str:
        with self.lock:
            now = time.monotonic()
            if now - self.made_at >= self.every:
                self.token, self.made_at = self.make(self.activity_id).token, now
            return f"/activities/{self.activity_id}/checkin/?code={self.token}"


def run_scans(
    port: int, screen: HostScreen, scans: list[Scan], sessions: dict[int, str], threads: int
) -> tuple[list[Outcome], float]:
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    started = time.perf_counter()

    def one(scan: Scan) -> None:
        sent = time.perf_counter() - started
        try:
            status, body, seconds = scan_once(port, screen.path(), sessions[scan.member_id])
        except Exception as error:  # a refused connection or a timeout is an error, not a crash
            outcome = Outcome(scan, sent, time.perf_counter() - started - sent, 0, type(error).__name__)
        else:
            if status == 200 and CHECKED_IN in body:
                kind = "already" if ALREADY in body else "new"
            else:
                kind = f"HTTP {status}"
            outcome = Outcome(scan, sent, seconds, status, kind)
        with lock:
            outcomes.append(outcome)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for scan in scans:
            delay = scan.at - (time.perf_counter() - started)
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, scan)
    return outcomes, time.perf_counter() - started


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 1) if b else None


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def latency(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": ms(percentile(values, 0.50)),
        "p95_ms": ms(percentile(values, 0.95)),
        "p99_ms": ms(percentile(values, 0.99)),
        "max_ms": ms(max(values)) if values else float("nan"),
    }


def peak_rate(sent: list[float]) -> dict[str, float]:
    """The most scans sent within any one second (a sliding window) and within any 5 s, per second."""
    ordered = sorted(sent)

    def most_within(width: float) -> int:
        best, low = 0, 0
        for high, moment in enumerate(ordered):
            while moment - ordered[low] >= width:
                low += 1
            best = max(best, high - low + 1)
        return best

    return {"per_s_over_1s": most_within(1.0), "per_s_over_5s": round(most_within(5.0) / 5, 1)}


def summarise(outcomes: list[Outcome], wall: float, profile: Profile) -> dict[str, Any]:
    """Latency is counted from the scan's scheduled time to the answer: when the server falls behind,
    the client's threads are all waiting and later scans leave late, and that wait is the member's
    too (counting from the send alone would hide it). ``latency_from_send`` is the other count."""
    kinds = Counter(o.kind for o in outcomes)
    errors = {kind: n for kind, n in kinds.items() if kind not in ("new", "already")}
    done = [o for o in outcomes if o.kind in ("new", "already")]

    def waited(o: Outcome) -> float:
        return o.sent - o.scan.at + o.seconds

    lag = [o.sent - o.scan.at for o in outcomes]
    return {
        "requests": len(outcomes),
        "checked_in": kinds["new"],
        "already": kinds["already"],
        "errors": errors,
        "wall_s": round(wall, 1),
        "latency": latency([waited(o) for o in done]),
        "latency_from_send": latency([o.seconds for o in done]),
        "latency_first_scans": latency([waited(o) for o in done if o.kind == "new"]),
        "latency_double_scans": latency([waited(o) for o in done if o.kind == "already"]),
        "latency_before_the_burst": latency(
            [waited(o) for o in done if o.scan.at < profile.centre - 4 * profile.sigma]
        ),
        "latency_at_the_burst": latency(
            [waited(o) for o in done if abs(o.scan.at - profile.centre) <= profile.sigma]
        ),
        "peak_rate_scheduled": peak_rate([o.scan.at for o in outcomes]),
        "peak_rate_sent": peak_rate([o.sent for o in outcomes]),
        # The server's pace when it had a queue: answers per second at their densest.
        "peak_rate_answered": peak_rate([o.sent + o.seconds for o in done]),
        "client_lag_ms": {"p99": ms(percentile(lag, 0.99)), "max": ms(max(lag))},
    }


# --- checks and the baseline ---------------------------------------------------------------------


def check_attendance(activity_id: int, member_ids: list[int], outcomes: list[Outcome]) -> dict[str, Any]:
    """Exactly one attendance row per member, no one else's, and one "new" answer per member."""
    from django.db.models import Count

    from chuangxian.activities.models import Attendance

    per_member = dict(
        Attendance.objects.filter(activity_id=activity_id)
        .values_list("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )
    news = Counter(o.scan.member_id for o in outcomes if o.kind == "new")
    missing = [m for m in member_ids if m not in per_member]
    duplicated = [m for m, n in per_member.items() if n != 1]
    strangers = sorted(set(per_member) - set(member_ids))
    answered_wrong = [m for m in member_ids if news[m] != 1]
    return {
        "rows": sum(per_member.values()),
        "members": len(member_ids),
        "missing": len(missing),
        "more_than_one": len(duplicated),
        "not_in_the_run": len(strangers),
        "members_not_told_new_once": len(answered_wrong),
        "ok": not (missing or duplicated or strangers or answered_wrong),
    }


def baseline(url: str, activity_id: int) -> dict[str, Any]:
    """Delete the check-in rows and INSERT the same rows again from plain SQL: one per statement in
    autocommit, each timed; then all at once in one statement."""
    import psycopg

    from chuangxian.activities.models import Attendance

    table = Attendance._meta.db_table
    columns = "tenant_id, activity_id, member_id, method, at"
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            f"SELECT {columns} FROM {table} WHERE activity_id = %s ORDER BY at, id", [activity_id]
        ).fetchall()
        delete = f"DELETE FROM {table} WHERE activity_id = %s"
        insert = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"
        conn.execute(delete, [activity_id])
        conn.execute("VACUUM ANALYZE " + table)
        for row in rows[:50]:  # warm-up: the plan cached, the pages in memory
            conn.execute(insert, row)
        conn.execute(delete, [activity_id])
        times = []
        for row in rows:
            started = time.perf_counter()
            conn.execute(insert, row)
            times.append(time.perf_counter() - started)
        count = conn.execute(f"SELECT count(*) FROM {table} WHERE activity_id = %s", [activity_id]).fetchone()
        conn.execute(delete, [activity_id])
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
        flat = [value for row in rows for value in row]
        started = time.perf_counter()
        conn.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", flat)
        bulk = time.perf_counter() - started
    return {
        "rows": len(rows),
        "rows_after_single_inserts": count[0] if count else 0,
        "single_row_insert": {
            "p50_ms": round(percentile(times, 0.50) * 1000, 3),
            "p95_ms": round(percentile(times, 0.95) * 1000, 3),
            "p99_ms": round(percentile(times, 0.99) * 1000, 3),
            "total_s": round(sum(times), 3),
        },
        "one_multi_row_insert": {
            "total_ms": round(bulk * 1000, 1),
            "per_row_ms": round(bulk * 1000 / len(rows), 4),
        },
    }


# --- gunicorn ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def workers_cpu_seconds(server: subprocess.Popen[bytes]) -> float | None:
    """The CPU time (user + system) the gunicorn workers have used so far, from /proc (Linux);
    None elsewhere."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        ticks = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, ValueError, IndexError):
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def warm_up(port: int, screen: HostScreen, session: str, workers: int) -> None:
    """Every worker imported, connected and its templates loaded: a few of the page the scans'
    answers extend (the activity's detail page) per worker; it writes no attendance."""
    path = f"/activities/{screen.activity_id}/"
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda _: scan_once(port, path, session), range(4 * workers)))


class Stages:
    """Prints how long each set-up stage took."""

    def __init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, name: str) -> None:
        print(f"{name}: {time.perf_counter() - self.started:.1f} s", file=sys.stderr)
        self.restart()


def queries_per_checkin(activity_id: int, member_id: int, screen: HostScreen) -> dict[str, int]:
    """The statements one scan sends, in this process through Django's test client: a first scan
    (the member's row deleted first) and a second one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chuangxian.activities.models import Attendance
    from chuangxian.orgs.models import Member

    member = Member.objects.select_related("user").get(pk=member_id)
    Attendance.objects.filter(activity_id=activity_id, member_id=member_id).delete()
    client = Client(HTTP_HOST=HOST)
    assert member.user is not None
    client.force_login(member.user, backend="chuangxian.accounts.backends.StaffNumberBackend")
    counts = {}
    for kind in ("new", "already"):
        with CaptureQueriesContext(connection) as captured:
            reply = client.get(screen.path())
        body = reply.content
        answered = (
            "already" if ALREADY in body else "new" if CHECKED_IN in body else f"HTTP {reply.status_code}"
        )
        if answered != kind:
            raise SystemExit(f"queries_per_checkin: the {kind} scan was answered {answered}")
        counts[kind] = len(captured)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, help="default 2,000 (500 with --quick)")
    parser.add_argument("--duration", type=float, help="seconds; default 300 (30 with --quick)")
    parser.add_argument("--peak", type=float, default=100, help="scans per second at the top (100)")
    parser.add_argument("--double", type=float, default=0.10, help="share of members scanning twice")
    parser.add_argument("--burst-share", type=float, default=0.5, help="share of scans in the burst")
    parser.add_argument("--quick", action="store_true", help="smoke run: 500 members in 30 s unless given")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync)")
    parser.add_argument("--client-threads", type=int, default=300)
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()
    if args.members is None:
        args.members = 500 if args.quick else 2000
    if args.duration is None:
        args.duration = 30.0 if args.quick else 300.0
    profile = Profile(
        scans=args.members + round(args.members * args.double),
        duration=args.duration,
        peak=args.peak,
        burst_share=args.burst_share,
    )
    profile.check()
    port = args.port or free_port()
    if port_in_use(port):
        raise SystemExit(f"something already listens on {HOST}:{port}; stop it or pass another --port")
    OUT.mkdir(exist_ok=True)

    url, maintenance = database_urls(DB_NAME)
    ensure_database(maintenance, DB_NAME, drop=True)
    try:
        report = run(url, port, profile, args)
    finally:
        close_connections()
        if not args.keep:
            ensure_database_dropped(maintenance)
    (OUT / "checkin.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    scans, attendance = report["scans"], report["attendance"]
    print(
        f"\n{scans['requests']} scans, {sum(scans['errors'].values())} errors, "
        f"peak sent {scans['peak_rate_sent']['per_s_over_1s']}/s "
        f"(scheduled {scans['peak_rate_scheduled']['per_s_over_1s']}/s, "
        f"answered {scans['peak_rate_answered']['per_s_over_1s']}/s); "
        f"p50 {scans['latency']['p50_ms']} ms, p95 {scans['latency']['p95_ms']} ms "
        f"(goal ≤ 200), p99 {scans['latency']['p99_ms']} ms; "
        f"× bare INSERT p95: {report['ratio_p95_to_insert_p95']}; "
        f"one attendance per member: {'OK' if attendance['ok'] else 'FAIL'}"
    )
    sys.exit(0 if attendance["ok"] and not scans["errors"] else 1)


def close_connections() -> None:
    """Close this process's database connections, if Django was set up, so the database can go."""
    from django.apps import apps

    if apps.ready:
        from django.db import connections

        connections.close_all()


def ensure_database_dropped(maintenance: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
    print(f"dropped database {DB_NAME}", file=sys.stderr)


def run(url: str, port: int, profile: Profile, args: argparse.Namespace) -> dict[str, Any]:
    setup_django(url, **SERVER_ENV)
    from django.core.management import call_command
    from django.db import connections

    migrate()
    stage = Stages()
    call_command("collectstatic", "--noinput", verbosity=0)
    stage("collectstatic")
    member_ids = build_school(args.members)
    activity_id = open_activity()
    stage("campaign and published activity")
    sessions = fresh_sessions(member_ids)
    stage("sessions")
    scans = schedule(member_ids, args.double, profile)
    screen = HostScreen(activity_id)
    print(
        f"{len(scans)} scans of {len(member_ids)} members in {profile.duration:.0f} s: trickle "
        f"{profile.trickle:.1f}/s, burst at {profile.centre:.0f} s (σ {profile.sigma:.1f} s) up to "
        f"{profile.peak:.0f}/s; gunicorn {args.workers} workers × {args.threads} threads on port {port}",
        file=sys.stderr,
    )
    connections.close_all()
    stage.restart()
    server = start_gunicorn(
        url, port, options=["--workers", str(args.workers), "--threads", str(args.threads)],
        env=SERVER_ENV, log=OUT / "checkin-gunicorn.log", host=HOST,
    )  # fmt: skip
    stage("gunicorn start")
    try:
        warm_up(port, screen, sessions[member_ids[0]], args.workers)
        stage("warm-up")
        cpu_before = workers_cpu_seconds(server)
        outcomes, wall = run_scans(port, screen, scans, sessions, args.client_threads)
        cpu_after = workers_cpu_seconds(server)
    finally:
        stop_server(server)
    summary = summarise(outcomes, wall, profile)
    if cpu_before is not None and cpu_after is not None:
        summary["server_cpu_ms_per_scan"] = round((cpu_after - cpu_before) * 1000 / len(outcomes), 1)
    print(f"scans: {summary}", file=sys.stderr)
    attendance = check_attendance(activity_id, member_ids, outcomes)
    print(f"attendance: {attendance}", file=sys.stderr)
    base = baseline(url, activity_id)
    print(f"baseline: {base}", file=sys.stderr)
    queries = queries_per_checkin(activity_id, member_ids[-1], screen)
    print(f"queries per scan: {queries}", file=sys.stderr)
    insert_p95 = base["single_row_insert"]["p95_ms"]
    return {
        "server": f"gunicorn, {args.workers} workers × {args.threads} threads, PostgreSQL, config.settings.prod",
        "profile": {
            "members": len(member_ids),
            "double_scans": len(scans) - len(member_ids),
            "scans": len(scans),
            "duration_s": profile.duration,
            "peak_per_s": profile.peak,
            "trickle_per_s": round(profile.trickle, 2),
            "burst_centre_s": round(profile.centre, 1),
            "burst_sigma_s": round(profile.sigma, 2),
        },
        "scans": summary,
        "attendance": attendance,
        "baseline": base,
        "queries_per_scan": queries,
        "ratio_p95_to_insert_p95": ratio(summary["latency"]["p95_ms"], insert_p95),
        "ratio_p95_before_the_burst_to_insert_p95": ratio(
            summary["latency_before_the_burst"]["p95_ms"], insert_p95
        ),
        "cpus": os.cpu_count(),
        "load_after": os.getloadavg(),
        "pg_ms_median_of_select_1": pg_roundtrip_ms(),
        "date": date.today().isoformat(),
    }


if __name__ == "__main__":
    main()
