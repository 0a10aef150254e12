"""A poll's definition, its ballots and published list, its result and its ties."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.voting import tally
from chuangxian.voting.models import (
    Ballot,
    BallotChoice,
    LotDraw,
    MajorityBase,
    Poll,
    Question,
    QuestionMethod,
)
from chuangxian.voting.selectors.box import box_trackers


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
        # A sealed poll's trackers, sorted: a voter finds theirs; nothing ties one to a ballot above.
        "sealed": poll.sealed,
        "trackers": box_trackers(poll),
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
