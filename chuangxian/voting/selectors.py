"""Reads the voting pages share."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.roles import Role
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import live_grants
from chuangxian.grants.selectors import grant_holders
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit
from chuangxian.voting import tally
from chuangxian.voting.models import (
    Ballot,
    BallotChoice,
    ElectorateKind,
    Eligibility,
    LotDraw,
    MajorityBase,
    Mark,
    PaperEntry,
    Participation,
    Poll,
    PollMode,
    PollOfficer,
    PollStatus,
    PollUnit,
    Question,
    QuestionMethod,
)


def _castable_now() -> Q:
    """Polls a ballot can be cast in right now: open, within their window, not paper-only."""
    now = clock.now()
    return Q(status=PollStatus.OPEN, opens_at__lte=now, closes_at__gt=now) & ~Q(mode=PollMode.PAPER)


def _eligible(member: Member) -> Exists:
    return Exists(Eligibility.objects.filter(tenant_id=member.tenant_id, poll=OuterRef("pk"), member=member))


def _voted(member: Member) -> Exists:
    return Exists(
        Participation.objects.filter(tenant_id=member.tenant_id, poll=OuterRef("pk"), member=member)
    )


def _can_vote(member: Member) -> Q:
    """The one rule of the vote button, the index and the to-do list: ``member`` may cast a ballot in
    the poll now (castable now, in its electorate, not yet voted)."""
    return _castable_now() & _eligible(member) & ~_voted(member)


def polls_to_vote(member: Member) -> QuerySet[Poll]:
    """Open polls, within their window, where ``member`` is eligible and has not voted; one query."""
    return Poll.objects.filter(_can_vote(member), tenant_id=member.tenant_id).order_by("closes_at")


def polls_for_member(member: Member) -> QuerySet[Poll]:
    """Every non-draft poll the member is in the electorate of or an officer of, newest first, with
    ``voted`` and ``can_vote`` (the rule of ``polls_to_vote``) annotated; one query."""
    officer = Exists(
        live_grants().filter(
            tenant_id=member.tenant_id,
            member=member,
            kind__in=[GrantKind.SCRUTINEER, GrantKind.TELLER],
            target_type=ContentType.objects.get_for_model(Poll),
            target_id=OuterRef("pk"),
        )
    )
    return (
        Poll.objects.filter(tenant_id=member.tenant_id)
        .exclude(status=PollStatus.DRAFT)
        .filter(_eligible(member) | officer)
        .annotate(
            voted=_voted(member),
            can_vote=ExpressionWrapper(_can_vote(member), output_field=BooleanField()),
        )
        .select_related("unit")
        .order_by("-opens_at")
    )


def polls_organised_in(units: list[Unit]) -> QuerySet[Poll]:
    """Polls organised by any of ``units`` or below, with turnout counts; one query."""
    if not units:
        return Poll.objects.none()
    subtrees = Q()
    for unit in units:
        subtrees |= Q(unit__path__startswith=unit.path)
    return (
        Poll.objects.filter(tenant_id=units[0].tenant_id)
        .filter(subtrees)
        .annotate(turnout=Count("participations", distinct=True))
        .select_related("unit")
        .order_by("-created_at")
    )


def electorate_members(poll: Poll) -> QuerySet[Member]:
    """Active members who may vote, as a queryset (snapshotted by ``services.poll_open``)."""
    members = Member.objects.filter(tenant_id=poll.tenant_id, status=MemberStatus.ACTIVE)
    if poll.electorate_kind == ElectorateKind.TENANT:
        return members
    if poll.electorate_kind == ElectorateKind.REPRESENTATIVES:
        reps = RoleAssignment.objects.filter(
            tenant_id=poll.tenant_id, role=Role.REPRESENTATIVE, unit__path__startswith=poll.unit.path
        ).values("member_id")
        return members.filter(pk__in=reps)
    return members.filter(_subtrees(_electorate_units(poll)))


def _electorate_units(poll: Poll) -> list[Unit]:
    return [
        row.unit
        for row in PollUnit.objects.filter(tenant_id=poll.tenant_id, poll=poll)
        .select_related("unit")
        .order_by("unit__path")
    ]


def _subtrees(units: list[Unit]) -> Q:
    subtrees = Q(pk__in=[])
    for unit in units:
        subtrees |= Q(unit__path__startswith=unit.path)
    return subtrees


@dataclass(frozen=True)
class ElectorateUnit:
    name: str
    members: int  # active members in the unit and its sub-units
    inside: str  # the name of another chosen unit that already contains this one, or ""


@dataclass(frozen=True)
class ElectoratePreview:
    """Who opening the poll would freeze: ``size`` voters, from ``units`` (units electorates)."""

    size: int
    kind: str
    units: list[ElectorateUnit]


def electorate_preview(poll: Poll) -> ElectoratePreview:
    """The electorate ``services.poll_open`` would freeze now, for the organiser to confirm: its size
    and, for a units electorate, each chosen unit with its members and whether another chosen unit
    already contains it (ticking 校工会 reaches every unit). Two queries."""
    if poll.electorate_kind != ElectorateKind.UNITS:
        return ElectoratePreview(size=electorate_members(poll).count(), kind=poll.electorate_kind, units=[])
    units = _electorate_units(poll)
    members = Member.objects.filter(tenant_id=poll.tenant_id, status=MemberStatus.ACTIVE)
    counts = members.aggregate(
        size=Count("pk", filter=_subtrees(units)),
        **{f"u{u.pk}": Count("pk", filter=Q(unit__path__startswith=u.path)) for u in units},
    )
    rows = [
        ElectorateUnit(
            name=u.name,
            members=counts[f"u{u.pk}"],
            inside=next(
                (o.name for o in units if o.pk != u.pk and u.path.startswith(o.path) and o.path != u.path),
                "",
            ),
        )
        for u in units
    ]
    return ElectoratePreview(size=counts["size"], kind=poll.electorate_kind, units=rows)


def poll_turnout(poll: Poll) -> dict[str, int]:
    counts = dict(
        Participation.objects.filter(tenant_id=poll.tenant_id, poll=poll)
        .values("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    return {
        "online": counts.get("online", 0),
        "paper": counts.get("paper", 0),
        "electorate": poll.electorate_size,
    }


def poll_definition(poll: Poll) -> dict[str, Any]:
    questions = Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options")
    return {
        "poll": poll.pk,
        "title": poll.title,
        "secret": poll.secret,
        "mode": poll.mode,
        "electorate": poll.electorate_size,
        "rules": {
            "quorum_num": poll.quorum_num,
            "quorum_den": poll.quorum_den,
            "majority_base": poll.majority_base,
            "tie_rule": poll.tie_rule,
        },
        "questions": [
            {
                "number": q.order,
                "text": q.text,
                "method": q.method,
                "seats": q.seats,
                "min_choices": q.min_choices,
                "max_choices": q.max_choices,
                "allow_negative": q.allow_negative,
                "options": [{"number": o.order, "label": o.label} for o in q.options.all()],
            }
            for q in questions
        ],
    }


def ballot_records(poll: Poll) -> list[dict[str, Any]]:
    """Every ballot in its published form, in receipt order; two queries."""
    ballots = list(Ballot.objects.filter(tenant_id=poll.tenant_id, poll=poll).order_by("receipt"))
    marks: dict[str, list[list[Any]]] = {b.pk: [] for b in ballots}
    for ballot_id, q, o, m in BallotChoice.objects.filter(
        tenant_id=poll.tenant_id, ballot__poll=poll
    ).values_list("ballot_id", "question__order", "option__order", "mark"):
        marks[ballot_id].append([q, o, m])
    return [
        {**tally.ballot_record(b.receipt, b.kind, marks[b.pk]), "hash": b.chain_hash, "key": b.pk}
        for b in ballots
    ]


def published_list(poll: Poll) -> dict[str, Any]:
    """Everything needed to recompute the result, and nothing about who voted."""
    result = poll.result or {}
    return {
        "definition": result.get("definition"),
        "paper": result.get("paper"),
        "counts": result.get("counts"),
        "outcome": result.get("outcome"),
        "final_hash": poll.final_hash,
        "ballots": [{k: v for k, v in r.items() if k != "key"} for r in ballot_records(poll)],
    }


def published_ballots(poll: Poll) -> list[dict[str, Any]]:
    records = ballot_records(poll)
    labels = _labels(poll)
    for position, record in enumerate(records, start=1):
        record["position"] = position
        record["readable"] = [labels.get((q, o, m), "") for q, o, m in record["marks"]]
    return records


def _labels(poll: Poll) -> dict[tuple[int, int | None, str], str]:
    marks = {"yes": _("赞成"), "no": _("反对"), "abstain": _("弃权")}
    labels: dict[tuple[int, int | None, str], str] = {}
    for q in Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options"):
        if q.method == QuestionMethod.YES_NO:
            for m, word in marks.items():
                labels[(q.order, None, m)] = f"{q.order}. {word}"
        else:
            for o in q.options.all():
                labels[(q.order, o.order, "yes")] = f"{q.order}. {o.label}"
                labels[(q.order, o.order, "no")] = f"{q.order}. {o.label}（{marks['no']}）"
    return labels


RULE_TEXT = {
    MajorityBase.ELECTORATE_HALF: gettext_lazy("赞成票超过应到人数的半数"),
    MajorityBase.CAST_HALF: gettext_lazy("赞成票超过参加投票人数的半数"),
    MajorityBase.CAST_TWO_THIRDS: gettext_lazy("赞成票达到参加投票人数的三分之二"),
    MajorityBase.ELECTORATE_TWO_THIRDS: gettext_lazy("赞成票达到应到人数的三分之二"),
}


def result_view(poll: Poll) -> dict[str, Any]:
    """The released result in rows a page and its PDF print; the rule stated with its numbers."""
    result = poll.result or {}
    counts, outcome = result.get("counts") or {}, result.get("outcome") or {}
    outcomes = {o["number"]: o for o in outcome.get("outcomes", [])}
    # A column of votes against only where the ballot offered them.
    negative = {
        q["number"]: bool(q.get("allow_negative"))
        for q in (result.get("definition") or {}).get("questions", [])
    }
    lots = {
        lot.question.order: lot
        for lot in LotDraw.objects.filter(tenant_id=poll.tenant_id, poll=poll).select_related("question")
    }
    questions = []
    for q in counts.get("questions", []):
        o = outcomes.get(q["number"], {})
        lot = lots.get(q["number"])
        winners = set(o.get("elected", [])) | set(lot.winners if lot else [])
        rows = [
            {**opt, "elected": opt["number"] in winners, "tied": opt["number"] in o.get("tied", [])}
            for opt in q.get("options", [])
        ]
        rows.sort(key=lambda r: (-r["yes"], r["number"]))
        questions.append(
            {**q, "outcome": o, "rows": rows, "lot": lot, "negative": negative.get(q["number"], False)}
        )
    quorum = outcome.get("quorum", {})
    return {
        "counts": counts,
        "outcome": outcome,
        "questions": questions,
        "rule_text": str(RULE_TEXT.get(outcome.get("majority_base", ""), "")),
        "quorum": quorum,
        "threshold": outcome.get("threshold"),
    }


@dataclass(frozen=True)
class Officer:
    """A scrutineer (监票人) or teller (计票人) of a poll, that is a live grant on it, with the
    scrutineer's confirmation of the count (``PollOfficer``) when they have confirmed."""

    kind: str
    member: Member
    confirmed_hash: str = ""
    confirmed_at: datetime | None = None

    def get_kind_display(self) -> str:
        return str(GrantKind(self.kind).label)

    @property
    def confirmed_fingerprint(self) -> str:
        """The fingerprint the scrutineer's recount showed when they confirmed ("" before)."""
        return tally.fingerprint(self.confirmed_hash)


def _officers(poll: Poll, kind: str, member: Member | None = None, order: str = "pk") -> list[Officer]:
    """The holders of ``kind`` on ``poll`` today, each with their confirmation; one query."""
    grants = grant_holders(kind, poll).order_by(order)
    if member is not None:
        grants = grants.filter(member=member)
    confirmation = PollOfficer.objects.filter(
        tenant_id=poll.tenant_id, poll=poll, kind=PollOfficer.Kind.SCRUTINEER, member_id=OuterRef("member_id")
    )
    if kind == GrantKind.SCRUTINEER:
        grants = grants.annotate(
            confirmed_hash=Subquery(confirmation.values("confirmed_hash")[:1]),
            confirmed_at=Subquery(confirmation.values("confirmed_at")[:1]),
        )
    return [
        Officer(
            kind=kind,
            member=grant.member,
            confirmed_hash=getattr(grant, "confirmed_hash", None) or "",
            confirmed_at=getattr(grant, "confirmed_at", None),
        )
        for grant in grants
        if grant.member is not None
    ]


def poll_officers(poll: Poll) -> list[Officer]:
    """The poll's scrutineers, then its tellers, in the order they were named; two queries."""
    return _officers(poll, GrantKind.SCRUTINEER) + _officers(poll, GrantKind.TELLER)


def scrutineers(poll: Poll) -> list[Officer]:
    """The poll's scrutineers (监票人) with whether and when they confirmed the final hash; one query."""
    return _officers(poll, GrantKind.SCRUTINEER, order="member__name")


def scrutineer_get(poll: Poll, member: Member | None) -> Officer | None:
    """``member`` as a scrutineer (监票人) of the poll, or None if they hold no such grant; one query."""
    if member is None:
        return None
    return next(iter(_officers(poll, GrantKind.SCRUTINEER, member=member)), None)


def officer_staff_numbers(poll: Poll) -> dict[str, list[str]]:
    """The staff numbers of the poll's scrutineers and tellers, for its form and its audit entries;
    two queries."""
    return {
        key: list(
            grant_holders(kind, poll).order_by("member__staff_no").values_list("member__staff_no", flat=True)
        )
        for key, kind in (("scrutineers", GrantKind.SCRUTINEER), ("tellers", GrantKind.TELLER))
    }


def poll_ties(poll: Poll) -> list[dict[str, Any]]:
    """The counted questions whose last seats are tied: the tied candidates, how many of them the
    lot or run-off must settle, the lot recorded (if any) and the run-off polls already started.
    Three queries."""
    result = poll.result or {}
    outcomes = [o for o in (result.get("outcome") or {}).get("outcomes", []) if o.get("tied")]
    if not outcomes:
        return []
    counts = {q["number"]: q for q in (result.get("counts") or {}).get("questions", [])}
    lots = {
        lot.question.order: lot
        for lot in LotDraw.objects.filter(tenant_id=poll.tenant_id, poll=poll).select_related("question")
    }
    runoffs: dict[int, list[Poll]] = {}
    for runoff in Poll.objects.filter(tenant_id=poll.tenant_id, runoff_of=poll).select_related(
        "runoff_question"
    ):
        if runoff.runoff_question is not None:
            runoffs.setdefault(runoff.runoff_question.order, []).append(runoff)
    ties = []
    for outcome in outcomes:
        question = counts[outcome["number"]]
        labels = {o["number"]: o["label"] for o in question.get("options", [])}
        ties.append(
            {
                "number": outcome["number"],
                "text": question["text"],
                "seats": outcome["tied_seats"],
                "candidates": [(n, labels[n]) for n in outcome["tied"]],
                "names": [labels[n] for n in outcome["tied"]],
                "lot": lots.get(outcome["number"]),
                "runoffs": runoffs.get(outcome["number"], []),
            }
        )
    return ties


def paper_state(poll: Poll, questions: list[Question], member: Member) -> dict[str, Any]:
    entries = list(PaperEntry.objects.filter(tenant_id=poll.tenant_id, poll=poll).select_related("teller"))
    mine = next((e for e in entries if e.teller_id == member.pk), None)
    others = [e for e in entries if e.teller_id != member.pk]
    agreed = len(entries) >= 2 and all(e.data == entries[0].data for e in entries)
    return {
        "questions": questions,
        "mine": mine.data if mine else None,
        "entered_by": [e.teller.name for e in entries],
        "agreed": agreed,
        "disagree": bool(mine and others and not agreed),
        "waiting": bool(mine and not others),
    }


def organiser_units(user: Actor) -> list[Unit]:
    """The active units where ``user`` may organise polls (their chair/liaison/office units); one query."""
    from chuangxian.orgs.permissions import role_assignments_for
    from chuangxian.voting.permissions import can_organise_at

    unit_ids = [unit_id for _role, unit_id, _path in role_assignments_for(user)]
    units = Unit.objects.filter(pk__in=unit_ids, is_active=True).order_by("path")
    return [u for u in units if can_organise_at(user, u)]


def ballot_questions(poll: Poll) -> list[Question]:
    return list(Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options"))


def has_voted(poll: Poll, member: Member) -> bool:
    return Participation.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).exists()


def can_vote_now(poll: Poll, member: Member | None) -> bool:
    return member is not None and polls_to_vote(member).filter(pk=poll.pk).exists()


def ballot_summary(questions: list[Question], answers: dict[int, Any]) -> list[dict[str, Any]]:
    """What the voter picked, in words, for the confirmation screen."""
    words = dict(Mark.choices)
    rows = []
    for q in questions:
        answer = answers.get(q.pk)
        if q.method == QuestionMethod.YES_NO:
            picked = [str(words[answer])] if answer in words else []
        else:
            labels = {o.pk: o.label for o in q.options.all()}
            picked = [
                f"{labels.get(option_id, '?')}（{words.get(mark, '')}）"
                if q.allow_negative
                else labels.get(option_id, "?")
                for option_id, mark in (answer or {}).items()
            ]
        rows.append({"question": q, "picked": picked})
    return rows
