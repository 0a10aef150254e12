"""Counting and the rules on the result, as pure functions over the *published* list.

Nothing here reads the database: ``manage.py poll_verify`` and the poll's verification page feed it
the published JSON (the poll's definition, its rules, the paper results and every ballot by receipt)
and get back the same counts, hash chain and outcome the server published. The services use the same
functions to build what they publish, so there is one definition of the count.

A ballot's hash is ``sha256(previous_hash + canonical_json(ballot))``; the first "previous hash" is
the hash of the poll's definition, so the chain also pins the questions and the rules.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

YES, NO, ABSTAIN = "yes", "no", "abstain"
YES_NO, APPROVAL = "yes_no", "approval"
VALID, BLANK = "valid", "blank"

ELECTORATE_HALF = "electorate_half"
CAST_HALF = "cast_half"
CAST_TWO_THIRDS = "cast_two_thirds"
ELECTORATE_TWO_THIRDS = "electorate_two_thirds"


def canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def definition_hash(definition: Mapping[str, Any]) -> str:
    return sha256(canonical(definition))


FINGERPRINT_GROUPS = 4


def fingerprint(final_hash: str) -> str:
    """The final hash's short fingerprint for people to compare: its first 16 hex digits, upper case,
    in four groups of four (``3F9A-1C2B-77E0-D41A``). The result page, its printout, the ballot list
    and the scrutineers' confirmation show it; ``static/js/voting-verify.js`` derives the same from
    the hash it recomputes (``fingerprint`` there, kept to these same two lines)."""
    digits = final_hash.strip().upper()[: 4 * FINGERPRINT_GROUPS]
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def ballot_record(receipt: str, kind: str, marks: Iterable[Sequence[Any]]) -> dict[str, Any]:
    """The published form of a ballot: ``marks`` are ``[question, option or None, mark]`` by the
    questions' and options' numbers (1-based, as printed on the ballot), sorted."""
    return {"receipt": receipt, "kind": kind, "marks": sorted([list(m) for m in marks], key=_mark_key)}


def _mark_key(mark: Sequence[Any]) -> tuple[int, int, str]:
    return (int(mark[0]), -1 if mark[1] is None else int(mark[1]), str(mark[2]))


def chain(genesis: str, records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Hashes of ``records`` in order, each covering the previous one."""
    hashes = []
    previous = genesis
    for record in records:
        body = {"receipt": record["receipt"], "kind": record["kind"], "marks": record["marks"]}
        previous = sha256(previous.encode() + canonical(body))
        hashes.append(previous)
    return hashes


@dataclass
class OptionCount:
    number: int
    label: str
    yes: int = 0
    no: int = 0


@dataclass
class QuestionCount:
    number: int
    text: str
    method: str
    seats: int
    options: list[OptionCount] = field(default_factory=list)
    yes: int = 0  # yes/no questions
    no: int = 0
    abstain: int = 0
    unmarked: int = 0  # ballots that left this question empty (blank ballots included)


def count(
    definition: Mapping[str, Any], records: Iterable[Mapping[str, Any]], paper: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Counts per question from the online ballots plus the agreed paper results."""
    questions = {
        q["number"]: QuestionCount(
            number=q["number"],
            text=q["text"],
            method=q["method"],
            seats=q.get("seats", 1),
            options=[OptionCount(o["number"], o["label"]) for o in q.get("options", [])],
        )
        for q in definition["questions"]
    }
    online = blank = 0
    for record in records:
        online += 1
        if record["kind"] == BLANK:
            blank += 1
        touched: set[int] = set()
        for number, option, mark in record["marks"]:
            question = questions[number]
            touched.add(number)
            if question.method == YES_NO:
                setattr(question, mark, getattr(question, mark) + 1)
            else:
                target = question.options[option - 1]
                setattr(target, mark, getattr(target, mark) + 1)
        for number, question in questions.items():
            if number not in touched:
                question.unmarked += 1
    paper_ballots = paper_blank = paper_invalid = 0
    if paper:
        paper_ballots = int(paper["ballots"])
        paper_blank = int(paper.get("blank", 0))
        paper_invalid = int(paper.get("invalid", 0))
        for q in paper.get("questions", []):
            question = questions[q["number"]]
            if question.method == YES_NO:
                question.yes += int(q.get("yes", 0))
                question.no += int(q.get("no", 0))
                question.abstain += int(q.get("abstain", 0))
            else:
                for o in q.get("options", []):
                    target = question.options[o["number"] - 1]
                    target.yes += int(o.get("yes", 0))
                    target.no += int(o.get("no", 0))
    return {
        "online": online,
        "paper": paper_ballots,
        "turnout": online + paper_ballots,
        "blank": blank + paper_blank,
        "invalid": paper_invalid,
        "questions": [_question_dict(q) for q in questions.values()],
    }


def _question_dict(q: QuestionCount) -> dict[str, Any]:
    data: dict[str, Any] = {"number": q.number, "text": q.text, "method": q.method, "seats": q.seats}
    if q.method == YES_NO:
        data.update(yes=q.yes, no=q.no, abstain=q.abstain)
    else:
        data["options"] = [
            {"number": o.number, "label": o.label, "yes": o.yes, "no": o.no} for o in q.options
        ]
    return data


def threshold(rule: str, *, electorate: int, turnout: int) -> int:
    """The fewest yes votes that pass or elect under ``rule``."""
    if rule == ELECTORATE_HALF:
        return electorate // 2 + 1
    if rule == CAST_HALF:
        return turnout // 2 + 1
    if rule == CAST_TWO_THIRDS:
        return -(-2 * turnout // 3)  # ceil(2/3 · turnout)
    if rule == ELECTORATE_TWO_THIRDS:
        return -(-2 * electorate // 3)
    raise ValueError(rule)


def evaluate(rules: Mapping[str, Any], electorate: int, counted: Mapping[str, Any]) -> dict[str, Any]:
    """Apply quorum, majority and seats to the counts. Ties at the last seat are reported, not broken:
    a run-off or a recorded lot settles them."""
    turnout = counted["turnout"]
    num, den = int(rules["quorum_num"]), int(rules["quorum_den"])
    quorum_required = -(-num * electorate // den) if den else 0
    quorum_met = turnout >= quorum_required
    needed = threshold(rules["majority_base"], electorate=electorate, turnout=turnout)
    outcomes = []
    for q in counted["questions"]:
        if q["method"] == YES_NO:
            outcome: dict[str, Any] = {"number": q["number"], "passed": quorum_met and q["yes"] >= needed}
        else:
            qualified = sorted(
                (o for o in q["options"] if o["yes"] >= needed), key=lambda o: (-o["yes"], o["number"])
            )
            seats = q["seats"]
            elected: list[int] = []
            tied: list[int] = []
            if quorum_met and qualified:
                if len(qualified) <= seats:
                    elected = [o["number"] for o in qualified]
                else:
                    cut = qualified[seats - 1]["yes"]
                    above = [o["number"] for o in qualified if o["yes"] > cut]
                    at_cut = [o["number"] for o in qualified if o["yes"] == cut]
                    if len(above) + len(at_cut) == seats:
                        elected = above + at_cut
                    else:
                        elected, tied = above, at_cut
            outcome = {
                "number": q["number"],
                "elected": elected,
                "tied": tied,
                "tied_seats": seats - len(elected) if tied else 0,
                "unfilled": 0 if tied else seats - len(elected),
            }
        outcomes.append(outcome)
    return {
        "electorate": electorate,
        "quorum": {"num": num, "den": den, "required": quorum_required, "met": quorum_met},
        "majority_base": rules["majority_base"],
        "threshold": needed,
        "outcomes": outcomes,
    }


def verify(published: Mapping[str, Any]) -> list[str]:
    """Recompute the chain, the counts and the outcome of a published poll; the list of
    discrepancies (empty when everything matches)."""
    problems = []
    definition = published["definition"]
    records = published["ballots"]
    if [r["receipt"] for r in records] != sorted(r["receipt"] for r in records):
        problems.append("ballots are not in receipt order")
    hashes = chain(definition_hash(definition), records)
    for record, expected in zip(records, hashes, strict=True):
        if record.get("hash") != expected:
            problems.append(f"hash mismatch at {record['receipt']}")
            break
    final = hashes[-1] if hashes else definition_hash(definition)
    if published.get("final_hash") != final:
        problems.append("final hash does not match")
    counted = count(definition, records, published.get("paper"))
    if counted != published["counts"]:
        problems.append("counts do not match")
    outcome = evaluate(definition["rules"], int(definition["electorate"]), counted)
    if outcome != published["outcome"]:
        problems.append("outcome does not match")
    # A sealed poll publishes a tracker for every ballot sealed into the box: as many as it opened.
    if published.get("sealed") and len(published.get("trackers") or []) != len(records):
        problems.append("trackers and opened ballots differ in number")
    return problems
