"""The count of a sealed ballot box: opening ``--count`` (10,000) sealed ballots through the service
against decrypting the same ciphertexts in a bare PyNaCl loop (``bench/README.md``, ``voting.py``).

In the bench database (``bench_voting``) a tenant of its own (``bench-voting-count``, built once) has
as many members as ballots. Each run opens a fresh poll for all of them (the same two questions as the
HTTP runs: up to 3 of 5 candidates, yes / no / abstain) through ``services.poll_open``, which makes its
sealed box (no scrutineers: the instance key keeps it), then fills the box as the casts would (one
participation per member; each ballot sealed with ``sealing.ballot_plaintext`` and ``sealing.seal``
as ``box_seal`` does, inserted in bulk) and closes the poll. Then:

1. *bare*: the private key unwrapped once, and ``SealedBox.decrypt`` over the ciphertexts read back
   from the database, best of three: the floor for any opening;
2. *the service*: ``services.poll_tally`` as the organiser's 计票 button runs it: it locks the poll,
   opens the box (``box_open``: decrypt, check every mark against the poll's questions, write the
   ballots and their choices in a shuffled order, erase the key) and counts (``count_if_ready``:
   the hash chain, the counts, the rules). The time inside ``count_if_ready`` is measured apart, so
   *open* = the service's time − the count's.

Reported: the ratio open ÷ bare (goal ≤ 2), and (open + count) ÷ bare, with where the opening's time
goes (inside ``sealing.ballot_open``, inside each ``bulk_create``, the rest). The tally must equal
what was sealed and the published list must verify, or the run fails.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

TENANT_SLUG = "bench-voting-count"
CANDIDATES = ("候选人甲", "候选人乙", "候选人丙", "候选人丁", "候选人戊")


def build_members(count: int) -> None:
    """The count's tenant: a root unit, an office login to organise, ``count`` members (no logins)."""
    import datagen
    from django.db import transaction

    from chuangxian.accounts.models import User
    from chuangxian.core.actors import SYSTEM
    from chuangxian.core.roles import Role
    from chuangxian.orgs.models import Member
    from chuangxian.orgs.services import role_grant, tenant_create

    started = time.perf_counter()
    tenant = tenant_create(name="开箱基准测试学院", slug=TENANT_SLUG, actor=SYSTEM)
    root = datagen.create_units(tenant, [])["校工会"]
    with transaction.atomic():
        office = User.objects.create(
            username=f"{TENANT_SLUG}:000000",
            tenant=tenant,
            staff_no="000000",
            display_name="干事",
            password="!",
        )
        Member.objects.bulk_create(
            [Member(tenant=tenant, unit=root, staff_no="000000", name="干事", user=office)]
            + [
                Member(tenant=tenant, unit=root, staff_no=f"{i:06d}", name=f"会员{i}")
                for i in range(1, count + 1)
            ],
            batch_size=2000,
        )
    role_grant(
        member=Member.objects.get(tenant=tenant, staff_no="000000"), unit=root, role=Role.OFFICE, actor=SYSTEM
    )
    print(
        f"built the count's school: {count} members in {time.perf_counter() - started:.1f} s", file=sys.stderr
    )


def _sealed_poll(count: int) -> tuple[Any, Any, Counter[str]]:
    """A closed poll of the count's tenant with ``count`` ballots sealed in its box: (poll, the office's
    login, what was sealed: the candidates' and the marks' counts)."""
    from django.db import transaction

    from chuangxian.core import clock
    from chuangxian.core.models import Tenant
    from chuangxian.orgs.models import Member, Unit
    from chuangxian.voting import sealing, selectors, services
    from chuangxian.voting.models import BallotBox, Channel, ElectorateKind, Participation, SealedBallot

    tenant = Tenant.objects.get(slug=TENANT_SLUG)
    office = Member.objects.select_related("user").get(tenant=tenant, staff_no="000000").user
    now = clock.now()
    poll = services.poll_create(
        unit=Unit.objects.get(tenant=tenant, depth=1),
        data=services.PollData(
            title="开箱基准测试",
            purpose="election",
            opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(hours=3),
            electorate_kind=ElectorateKind.TENANT,
            quorum_num=1,
            quorum_den=2,
        ),
        actor=office,
    )
    approval = services.question_add(
        poll=poll,
        data=services.QuestionData(
            text="选举委员（应选 3 名）", method="approval", options=list(CANDIDATES), seats=3, max_choices=3
        ),
        actor=office,
    )
    yes_no = services.question_add(
        poll=poll, data=services.QuestionData(text="同意工作报告", method="yes_no"), actor=office
    )
    poll = services.poll_open(poll=poll, expected_size=selectors.electorate_preview(poll).size, actor=office)
    box = BallotBox.objects.get(tenant=tenant, poll=poll)
    options = list(approval.options.order_by("order").values_list("pk", flat=True))
    members = list(
        Member.objects.filter(tenant=tenant).exclude(staff_no="000000").values_list("pk", flat=True)
    )
    rng = random.Random(2011)
    sent: Counter[str] = Counter()
    sealed = []
    started = time.perf_counter()
    for _member in members[:count]:
        picks = sorted(rng.sample(range(len(CANDIDATES)), rng.choice((1, 2, 3, 3, 0))))
        mark = rng.choice(("yes", "yes", "yes", "no", "abstain"))
        sent.update(CANDIDATES[i] for i in picks)
        sent[mark] += 1
        marks = [[approval.pk, options[i], "yes"] for i in picks] + [[yes_no.pk, None, mark]]
        sealed.append(
            sealing.seal(bytes(box.public_key), sealing.ballot_plaintext("valid", marks, box.pad_size))
        )
    seal_s = time.perf_counter() - started
    with transaction.atomic():
        Participation.objects.bulk_create(
            [
                Participation(tenant=tenant, poll=poll, member_id=m, channel=Channel.ONLINE)
                for m in members[:count]
            ],
            batch_size=2000,
        )
        SealedBallot.objects.bulk_create(
            [
                SealedBallot(tenant=tenant, poll=poll, sealed=data, tracker=sealing.tracker(data))
                for data in sealed
            ],
            batch_size=2000,
        )
    print(f"sealed {len(sealed)} ballots: {seal_s / len(sealed) * 1e6:.0f} µs each", file=sys.stderr)
    sent["_seal_us"] = round(seal_s / len(sealed) * 1e6)
    poll = services.poll_close(poll=poll, actor=office, reason="开箱基准测试")
    return poll, office, sent


@contextmanager
def _timed(spent: Counter[str]) -> Iterator[None]:
    """Add to ``spent`` the time inside the count (``count_if_ready``, which ``box_open`` imports from
    its module when it runs), inside ``sealing.ballot_open`` and inside each model's ``bulk_create``.
    The wrappers cost about a microsecond a call: 10,000 calls of ``ballot_open``, 10 ms."""
    from django.db.models.query import QuerySet

    from chuangxian.voting import sealing
    from chuangxian.voting.services import counting

    count_if_ready, ballot_open, bulk_create = (
        counting.count_if_ready,
        sealing.ballot_open,
        QuerySet.bulk_create,
    )

    def timed_count(**kwargs: Any) -> None:
        started = time.perf_counter()
        count_if_ready(**kwargs)
        spent["count"] += time.perf_counter() - started
        spent["count calls"] += 1

    def timed_open(box: Any, sealed: bytes) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            return ballot_open(box, sealed)
        finally:
            spent["ballot_open"] += time.perf_counter() - started

    def timed_bulk_create(queryset: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return bulk_create(queryset, *args, **kwargs)
        finally:
            spent[f"bulk_create {queryset.model.__name__}"] += time.perf_counter() - started

    counting.count_if_ready = timed_count
    sealing.ballot_open = timed_open
    QuerySet.bulk_create = timed_bulk_create  # type: ignore[method-assign]
    try:
        yield
    finally:
        counting.count_if_ready, sealing.ballot_open = count_if_ready, ballot_open
        QuerySet.bulk_create = bulk_create  # type: ignore[method-assign]


def run_count(count: int) -> dict[str, Any]:
    """Open ``count`` sealed ballots through the service and in a bare loop; see the module docstring."""
    import nacl.public

    from chuangxian.core.models import Tenant
    from chuangxian.orgs.models import Member
    from chuangxian.voting import sealing, selectors, tally
    from chuangxian.voting.models import Ballot, BallotBox, SealedBallot
    from chuangxian.voting.services import poll_tally

    tenant = Tenant.objects.filter(slug=TENANT_SLUG).first()
    if tenant is None or Member.objects.filter(tenant=tenant).count() < count + 1:
        if tenant is not None:
            raise SystemExit(f"{TENANT_SLUG} has fewer than {count} members: run with --rebuild")
        build_members(count)
    poll, office, sent = _sealed_poll(count)
    seal_us = sent.pop("_seal_us")

    box = BallotBox.objects.get(tenant_id=poll.tenant_id, poll=poll)
    private = sealing.unwrap(bytes(box.wrapped_key), sealing.instance_wrapping_key())
    ciphertexts = [
        bytes(c)
        for c in SealedBallot.objects.filter(tenant_id=poll.tenant_id, poll=poll).values_list(
            "sealed", flat=True
        )
    ]
    bare_runs = []
    for _run in range(3):
        started = time.perf_counter()
        opener = nacl.public.SealedBox(nacl.public.PrivateKey(private))
        for data in ciphertexts:
            opener.decrypt(data)
        bare_runs.append(time.perf_counter() - started)
    bare = min(bare_runs)

    spent: Counter[str] = Counter()
    with _timed(spent):
        started = time.perf_counter()
        poll = poll_tally(poll=poll, actor=office)
        service = time.perf_counter() - started
    count_s = spent["count"]
    open_s = service - count_s
    written = spent["bulk_create Ballot"] + spent["bulk_create BallotChoice"]

    counts = poll.result["counts"]
    approval, yes_no = counts["questions"]
    verified = (
        spent["count calls"] == 1
        and Ballot.objects.filter(tenant_id=poll.tenant_id, poll=poll).count() == count == counts["online"]
        and [o["yes"] for o in approval["options"]] == [sent[c] for c in CANDIDATES]
        and all(yes_no[m] == sent[m] for m in ("yes", "no", "abstain"))
        and BallotBox.objects.get(pk=box.pk).wrapped_key is None
        and tally.verify(selectors.published_list(poll)) == []
    )
    report = {
        "ballots": count,
        "seal_us_per_ballot": seal_us,
        "bare_decrypt_s": round(bare, 3),
        "bare_decrypt_runs_s": [round(r, 3) for r in bare_runs],
        "service_s": round(service, 3),
        "open_s": round(open_s, 3),
        "count_s": round(count_s, 3),
        "open_breakdown_s": {
            "decrypt and parse (ballot_open)": round(spent["ballot_open"], 3),
            "bulk_create Ballot": round(spent["bulk_create Ballot"], 3),
            "bulk_create BallotChoice": round(spent["bulk_create BallotChoice"], 3),
            "the rest (read, check, build the rows, shuffle, erase the key, audit)": round(
                open_s - spent["ballot_open"] - written, 3
            ),
        },
        "ratio_open_to_bare": round(open_s / bare, 2),
        "ratio_open_and_count_to_bare": round(service / bare, 2),
        "verified": verified,
    }
    print(f"count: {report}", file=sys.stderr)
    return report
