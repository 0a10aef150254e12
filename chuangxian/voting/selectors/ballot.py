"""The ballot paper: its questions, whether the member voted or may vote now, what they picked, and
the tellers' paper entry."""

from typing import Any

from chuangxian.orgs.models import Member
from chuangxian.voting.models import (
    Mark,
    PaperEntry,
    Participation,
    Poll,
    Question,
    QuestionMethod,
)
from chuangxian.voting.selectors.listing import polls_to_vote


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
