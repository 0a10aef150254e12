"""Benchmark secret-ballot voting over HTTP: the app served by gunicorn on PostgreSQL.

On a PostgreSQL database of its own (``bench_voting`` on the server of ``DATABASE_URL``, default
``postgres://postgres@localhost/test``) it builds, once, a school of ``--members`` members with a
login each; every run then opens two fresh polls for the whole school (one question choosing up to
3 of 5 candidates, 差额, and one yes / no / abstain question), gives every member a fresh login
session, starts gunicorn with the production settings (``config.settings.prod``, plain HTTP) and
drives it from this process with one thread per simulated client:

1. **Throughput.** ``--clients`` (50) clients in a closed loop, for ``--seconds`` each:
   * the *baseline*: a trivial logged-in page (the receipt page ``/voting/<id>/voted/`` after the
     receipt has been shown), seven reads and no write: the session and its user; the poll (with
     its unit), the member, their roles and their eligibility (``access_poll``); the base template,
     whose navigation counts the member's unread notifications;
   * *ballots*: each client takes the next voter who has not voted and posts the cast ballot
     (``step=cast``, what the confirmation screen's button sends); accepted = redirect to the
     receipt page.
   Reported: requests or ballots per second, the ratio ballots/s ÷ baseline req/s, p50/p99 latency.
2. **A wave.** ``--wave`` (2,000) voters arrive at random times within ``--window`` (60) seconds and
   each goes through the whole ballot as a phone would: open the ballot, submit it for the
   confirmation screen, confirm. Reported: errors (target: none), when the last ballot was accepted
   (seconds after the first voter arrived), and p50/p99 of each voter's time from arrival to receipt.

The polls are sealed (the default): each ballot is sealed to the poll's key in the request. Having no
scrutineers, their boxes are kept with the instance key, a random one per run (``VOTING_INSTANCE_KEY``,
never the checkout's ``var/voting-instance.key``). Afterwards both polls are closed and tallied through
the services (``poll_tally`` opens the box, then counts) and the published lists are verified
(``tally.verify``): the ballot count equals the accepted casts, the counts equal what the clients
sent, and the hash chain holds.

3. **The count** (``voting_count.py``): ``--count`` (10,000) sealed ballots opened through the
   service against a bare PyNaCl decryption loop over the same ciphertexts (``--count 0`` skips it;
   ``--only-count`` runs nothing else).

The exit status is 1 if a tally fails these checks, if any request of the throughput runs or of the
wave failed, if a voter of the wave was not accepted, or if the count's tally does not verify.

    uv run --frozen python bench/voting.py                      # defaults: 5,000 members, 50 clients
    uv run --frozen python bench/voting.py --workers 5 --seconds 15 --wave 2000 --window 60
    uv run --frozen python bench/voting.py --rebuild            # regenerate the school first
    uv run --frozen python bench/voting.py --only-count         # only the count of 10,000 sealed ballots

The client runs on the same machine as gunicorn and PostgreSQL and competes with them for the CPU;
the ratio to the baseline page, measured in the same run with the same client, is the figure to
compare across machines. Results go to ``bench/out/voting.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import datagen
import voting_count
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

DB_NAME = "bench_voting"
TENANT_SLUG = "bench-voting"
HOST = "127.0.0.1"
CSRF = secrets.token_hex(16)  # a 32-character CSRF secret: the cookie and the form field carry it
CANDIDATES = ("候选人甲", "候选人乙", "候选人丙", "候选人丁", "候选人戊")
MAX_CHOICES = 3


# The server's settings, also used by this process (which builds the data and checks the tally).
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "SECRET_KEY": "bench-voting-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
    "SECURE_HSTS_SECONDS": "0",
    "CONN_MAX_AGE": "60",  # persistent connections per worker, as in production
    "LOG_LEVEL": "ERROR",
    # The sealed boxes of the bench's polls (no scrutineers) are kept with this run's own instance key.
    "VOTING_INSTANCE_KEY": secrets.token_hex(32),
}


# --- the school, the polls, the sessions ---------------------------------------------------------


def build_school(members: int) -> None:
    """A tenant with ``datagen``'s sub-unions and ``members`` members, each with a login (no
    password: the bench logs them in by writing their sessions)."""
    from django.db import transaction

    from chuangxian.accounts.models import User
    from chuangxian.core.actors import SYSTEM
    from chuangxian.core.roles import Role
    from chuangxian.orgs.models import Member
    from chuangxian.orgs.services import role_grant, tenant_create

    started = time.perf_counter()
    tenant = tenant_create(name="投票基准测试学院", slug=TENANT_SLUG, actor=SYSTEM)
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
                for i in range(members + 1)
            ],
            batch_size=2000,
        )
        Member.objects.bulk_create(
            [
                Member(
                    tenant=tenant,
                    unit=created["校工会"] if i == 0 else units[i % len(units)],
                    staff_no=user.staff_no,
                    name=user.display_name,
                    user=user,
                )
                for i, user in enumerate(users)
            ],
            batch_size=2000,
        )
    office = Member.objects.get(tenant=tenant, staff_no="100000")
    role_grant(member=office, unit=created["校工会"], role=Role.OFFICE, actor=SYSTEM)
    print(f"built the school: {members} members in {time.perf_counter() - started:.1f} s", file=sys.stderr)


@dataclass
class PollPlan:
    poll_id: int
    approval: int  # question id
    options: list[int]  # option ids, candidate order
    yes_no: int  # question id


def open_poll(title: str) -> PollPlan:
    from chuangxian.core import clock
    from chuangxian.core.models import Tenant
    from chuangxian.orgs.models import Member, Unit
    from chuangxian.voting import selectors, services
    from chuangxian.voting.models import ElectorateKind, MajorityBase, QuestionMethod

    tenant = Tenant.objects.get(slug=TENANT_SLUG)
    office = Member.objects.select_related("user").get(tenant=tenant, staff_no="100000")
    root = Unit.objects.get(tenant=tenant, depth=1)
    now = clock.now()
    poll = services.poll_create(
        unit=root,
        data=services.PollData(
            title=title,
            purpose="election",
            opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(hours=3),
            electorate_kind=ElectorateKind.TENANT,
            majority_base=MajorityBase.CAST_HALF,
            quorum_num=1,
            quorum_den=2,
        ),
        actor=office.user,
    )
    approval = services.question_add(
        poll=poll,
        data=services.QuestionData(
            text=f"选举委员（应选 {MAX_CHOICES} 名）",
            method=QuestionMethod.APPROVAL,
            options=list(CANDIDATES),
            seats=MAX_CHOICES,
            min_choices=0,
            max_choices=MAX_CHOICES,
        ),
        actor=office.user,
    )
    yes_no = services.question_add(
        poll=poll,
        data=services.QuestionData(text="同意工作报告", method=QuestionMethod.YES_NO),
        actor=office.user,
    )
    services.poll_open(poll=poll, expected_size=selectors.electorate_preview(poll).size, actor=office.user)
    return PollPlan(
        poll_id=poll.pk,
        approval=approval.pk,
        options=list(approval.options.order_by("order").values_list("pk", flat=True)),
        yes_no=yes_no.pk,
    )


def fresh_sessions() -> list[str]:
    """A new login session for every member but the office (session keys, in staff-number order)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from chuangxian.accounts.models import User

    Session.objects.all().delete()
    store = SessionStore()
    backend = "chuangxian.accounts.backends.StaffNumberBackend"
    expires = timezone.now() + timedelta(hours=6)
    rows, keys = [], []
    for user in User.objects.filter(tenant__slug=TENANT_SLUG).exclude(staff_no="100000").order_by("staff_no"):
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=2000)
    return keys


def choices_for(rng: random.Random) -> tuple[list[int], str]:
    """One voter's ballot: 0–3 candidates (by index) and a yes / no / abstain answer."""
    picks = sorted(rng.sample(range(len(CANDIDATES)), rng.choice((1, 2, 3, 3, 0))))
    return picks, rng.choice(("yes", "yes", "yes", "no", "abstain"))


def form(plan: PollPlan, picks: list[int], mark: str, step: str) -> bytes:
    pairs = [("csrfmiddlewaretoken", CSRF), ("step", step), (f"q{plan.yes_no}", mark)]
    pairs += [(f"q{plan.approval}", str(plan.options[i])) for i in picks]
    return urlencode(pairs).encode()


# --- the HTTP client -----------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    location: str
    body: bytes
    seconds: float


def call(port: int, method: str, path: str, session: str, body: bytes | None = None) -> Response:
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "Connection": "close"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers)
        reply = connection.getresponse()
        data = reply.read()
        return Response(reply.status, reply.getheader("Location") or "", data, time.perf_counter() - started)
    finally:
        connection.close()


@dataclass
class LoopResult:
    ok: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "per_second": round(self.ok / self.seconds, 1) if self.seconds else 0,
            "errors": dict(self.errors),
            "p50_ms": round(percentile(self.latencies, 0.50) * 1000, 1),
            "p99_ms": round(percentile(self.latencies, 0.99) * 1000, 1),
            "seconds": round(self.seconds, 2),
        }


def closed_loop(
    clients: int, seconds: float, one: Callable[[], tuple[bool, str, float] | None]
) -> LoopResult:
    """``clients`` threads each calling ``one`` back to back for ``seconds``; ``one`` returns
    (accepted, error label, latency), or None when there is no more work."""
    result = LoopResult()
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    deadline = 0.0

    def client() -> None:
        barrier.wait()
        while time.perf_counter() < deadline:
            try:
                outcome = one()
            except Exception as error:  # a refused connection or a timeout is an error, not a crash
                outcome = (False, type(error).__name__, 0.0)
            if outcome is None:
                return
            accepted, label, latency = outcome
            with lock:
                if accepted:
                    result.ok += 1
                    result.latencies.append(latency)
                else:
                    result.errors[label] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


# --- the runs ------------------------------------------------------------------------------------


@dataclass
class Sent:
    """What the clients were told was accepted, to check the tally against."""

    options: Counter[int] = field(default_factory=Counter)
    marks: Counter[str] = field(default_factory=Counter)
    ballots: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, picks: list[int], mark: str) -> None:
        with self.lock:
            self.ballots += 1
            self.options.update(picks)
            self.marks[mark] += 1


def run_throughput(
    port: int, plan: PollPlan, sessions: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    receipt_page = f"/voting/{plan.poll_id}/voted/"
    rotation = iter(range(10**9))
    rotation_lock = threading.Lock()

    def baseline() -> tuple[bool, str, float]:
        with rotation_lock:
            session = sessions[next(rotation) % len(sessions)]
        reply = call(port, "GET", receipt_page, session)
        return reply.status == 200, f"HTTP {reply.status}", reply.seconds

    closed_loop(args.clients, 2, baseline)  # warm-up: every worker imported, connected, cached
    base = closed_loop(args.clients, args.seconds, baseline)
    print(f"baseline page: {base.summary()}", file=sys.stderr)

    voters = iter(enumerate(sessions))
    voters_lock = threading.Lock()
    sent = Sent()
    cast_path = f"/voting/{plan.poll_id}/vote/"

    def ballot() -> tuple[bool, str, float] | None:
        with voters_lock:
            taken = next(voters, None)
        if taken is None:
            return None
        index, session = taken
        picks, mark = choices_for(random.Random(index))
        reply = call(port, "POST", cast_path, session, form(plan, picks, mark, "cast"))
        accepted = reply.status == 302 and reply.location.endswith(receipt_page)
        if accepted:
            sent.add(picks, mark)
        return accepted, f"HTTP {reply.status}", reply.seconds

    cast = closed_loop(args.clients, args.seconds, ballot)
    print(f"ballots: {cast.summary()}", file=sys.stderr)
    if cast.ok >= len(sessions):
        print("warning: every voter voted before the time was up; use --members to add more", file=sys.stderr)
    return {
        "baseline": base.summary(),
        "ballots": cast.summary(),
        "ratio_ballots_to_baseline": round(cast.ok / cast.seconds / (base.ok / base.seconds), 3),
        "sent": sent,
    }


def run_wave(port: int, plan: PollPlan, sessions: list[str], args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(2011)
    voters = rng.sample(range(len(sessions)), args.wave)
    arrivals = sorted(rng.uniform(0, args.window) for _ in voters)
    vote_path = f"/voting/{plan.poll_id}/vote/"
    receipt_page = f"/voting/{plan.poll_id}/voted/"
    sent = Sent()
    errors: Counter[str] = Counter()
    durations: list[float] = []
    accepted_at: list[float] = []
    lock = threading.Lock()
    started = time.perf_counter()

    def voter(index: int, arrival: float) -> None:
        session = sessions[index]
        picks, mark = choices_for(random.Random(10**6 + index))
        try:
            page = call(port, "GET", vote_path, session)
            if page.status != 200 or b'name="step"' not in page.body:
                raise RuntimeError(f"ballot page HTTP {page.status}")
            review = call(port, "POST", vote_path, session, form(plan, picks, mark, "review"))
            if review.status != 200 or b'data-testid="confirm"' not in review.body:
                raise RuntimeError(f"confirmation HTTP {review.status}")
            cast = call(port, "POST", vote_path, session, form(plan, picks, mark, "cast"))
            if not (cast.status == 302 and cast.location.endswith(receipt_page)):
                raise RuntimeError(f"cast HTTP {cast.status}")
        except Exception as error:
            with lock:
                errors[str(error) if isinstance(error, RuntimeError) else type(error).__name__] += 1
            return
        done = time.perf_counter() - started
        sent.add(picks, mark)
        with lock:
            accepted_at.append(done)
            durations.append(done - arrival)

    with ThreadPoolExecutor(max_workers=args.wave_threads) as pool:
        for index, arrival in zip(voters, arrivals, strict=True):
            delay = arrival - (time.perf_counter() - started)
            if delay > 0:
                time.sleep(delay)
            pool.submit(voter, index, arrival)
    summary = {
        "voters": args.wave,
        "window_s": args.window,
        "accepted": len(accepted_at),
        "errors": dict(errors),
        "last_accepted_s": round(max(accepted_at), 2) if accepted_at else None,
        "voter_p50_ms": round(percentile(durations, 0.50) * 1000, 1),
        "voter_p99_ms": round(percentile(durations, 0.99) * 1000, 1),
        "voter_max_ms": round(max(durations) * 1000, 1) if durations else None,
    }
    print(f"wave: {summary}", file=sys.stderr)
    return {**summary, "sent": sent}


def check_tally(plan: PollPlan, sent: Sent) -> dict[str, Any]:
    """Close and tally through the services; the published list must verify and match ``sent``."""
    from chuangxian.orgs.models import Member
    from chuangxian.voting import selectors, services, tally
    from chuangxian.voting.models import Ballot, Poll

    poll = Poll.objects.get(pk=plan.poll_id)
    office = Member.objects.select_related("user").get(tenant_id=poll.tenant_id, staff_no="100000")
    started = time.perf_counter()
    services.poll_close(poll=poll, actor=office.user, reason="基准测试结束")
    poll = services.poll_tally(poll=poll, actor=office.user)
    tally_s = time.perf_counter() - started
    published = selectors.published_list(poll)
    problems = tally.verify(published)
    counts = poll.result["counts"]
    approval, yes_no = counts["questions"]
    expected_options = [sent.options[i] for i in range(len(CANDIDATES))]
    got_options = [o["yes"] for o in approval["options"]]
    got_marks = {m: yes_no[m] for m in ("yes", "no", "abstain")}
    ok = (
        not problems
        and Ballot.objects.filter(poll=poll).count() == sent.ballots == counts["online"]
        and got_options == expected_options
        and got_marks == {m: sent.marks[m] for m in ("yes", "no", "abstain")}
    )
    return {"ballots": counts["online"], "tally_s": round(tally_s, 2), "verified": ok, "problems": problems}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--wave", type=int, default=2000)
    parser.add_argument("--window", type=float, default=60)
    parser.add_argument("--wave-threads", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--count", type=int, default=10000, help="sealed ballots to open (0: skip)")
    parser.add_argument("--only-count", action="store_true", help="only the count of --count ballots")
    args = parser.parse_args()
    if args.wave > args.members:
        raise SystemExit("--wave cannot exceed --members")
    if port_in_use(args.port):
        raise SystemExit(f"something already listens on {HOST}:{args.port}; stop it or pass another --port")
    OUT.mkdir(exist_ok=True)

    url, maintenance = database_urls(DB_NAME)
    ensure_database(maintenance, DB_NAME, drop=args.rebuild)
    setup_django(url, **SERVER_ENV)
    from django.core.management import call_command

    from chuangxian.core.models import Tenant

    migrate()
    call_command("collectstatic", "--noinput", verbosity=0)
    if args.only_count:
        count = voting_count.run_count(args.count)
        (OUT / "voting-count.json").write_text(json.dumps(count, ensure_ascii=False, indent=2))
        print(json.dumps(count, ensure_ascii=False, indent=2))
        sys.exit(0 if count["verified"] else 1)
    if not Tenant.objects.filter(slug=TENANT_SLUG).exists():
        build_school(args.members)
    tenant = Tenant.objects.get(slug=TENANT_SLUG)
    throughput_plan = open_poll("基准测试：吞吐量")
    wave_plan = open_poll("基准测试：两千人一分钟")
    sessions = fresh_sessions()
    print(f"{len(sessions)} voters (tenant {tenant.pk}), {args.workers} gunicorn workers", file=sys.stderr)

    from django.db import connections

    connections.close_all()
    server = start_gunicorn(
        url, args.port, options=["--workers", str(args.workers)], env=SERVER_ENV,
        log=OUT / "voting-gunicorn.log", host=HOST,
    )  # fmt: skip
    try:
        throughput = run_throughput(args.port, throughput_plan, sessions, args)
        wave = run_wave(args.port, wave_plan, sessions, args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    throughput["tally"] = check_tally(throughput_plan, throughput.pop("sent"))
    wave["tally"] = check_tally(wave_plan, wave.pop("sent"))
    count = voting_count.run_count(args.count) if args.count else None
    report = {
        "server": f"gunicorn, {args.workers} sync workers, PostgreSQL, config.settings.prod",
        "clients": args.clients,
        "members": len(sessions),
        "throughput": throughput,
        "wave": wave,
        "count": count,
        "cpus": os.cpu_count(),
        "load_after": os.getloadavg(),
        "pg_ms_median_of_select_1": pg_roundtrip_ms(),
    }
    (OUT / "voting.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    failed = (
        throughput["baseline"]["errors"]
        or throughput["ballots"]["errors"]
        or wave["errors"]
        or wave["accepted"] != args.wave
        or not throughput["tally"]["verified"]
        or not wave["tally"]["verified"]
        or (count is not None and not count["verified"])
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
