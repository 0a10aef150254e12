"""The schema is the promise: nothing in the ballot tables may point at a person or a moment."""

import base64
import json

import time_machine
from django.db import connection, models

from chuangxian.voting import sealing, services
from chuangxian.voting.models import Ballot, BallotChoice, SealedBallot
from chuangxian.voting.tests.conftest import cast, opened

PERSON_MODELS = {"orgs.member", "accounts.user"}
FORBIDDEN_FIELD_TYPES = (
    models.DateTimeField,
    models.DateField,
    models.TimeField,
    models.GenericIPAddressField,
)
FORBIDDEN_WORDS = ("user", "member", "voter", "ip", "agent", "created", "updated", "time", "at", "session")


def _related_models(model):
    return {
        f.related_model._meta.label_lower
        for f in model._meta.get_fields()
        if f.is_relation and f.related_model
    }


def test_ballot_tables_have_no_link_to_a_person():
    for model in (Ballot, BallotChoice):
        related = _related_models(model)
        assert not related & PERSON_MODELS, (model, related)
        # What a ballot relates to may not lead to a person either, except through the poll's
        # definition (poll, question, option) which is the same for every voter.
        assert related <= {
            "core.tenant",
            "voting.poll",
            "voting.question",
            "voting.option",
            "voting.ballot",
            "voting.ballotchoice",
        }


def test_ballot_tables_have_no_time_address_or_browser_column():
    for model in (Ballot, BallotChoice):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, FORBIDDEN_FIELD_TYPES), (model, field.name)
            words = field.name.split("_")
            assert not set(words) & set(FORBIDDEN_WORDS), (model, field.name)


def test_ballot_keys_are_random_not_sequential():
    for model in (Ballot, BallotChoice):
        pk = model._meta.pk
        assert not isinstance(pk, models.AutoField | models.BigAutoField), model
        assert callable(pk.default)
    assert Ballot._meta.get_field("key").default() != Ballot._meta.get_field("key").default()


def test_options_carry_candidates_not_voters():
    # An option may name a candidate; that is public and the same on every ballot.
    from chuangxian.voting.models import Option

    assert Option._meta.get_field("member").related_model._meta.label_lower == "orgs.member"


# --- no plaintext choice anywhere before the count ----------------------------------------------------


def _cells():
    """(table, column, value as bytes) for every cell of every table of the project's database."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # introspected names
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    yield table, column, _as_bytes(value)


def _as_bytes(value):
    if isinstance(value, bytes | memoryview | bytearray):
        return bytes(value)
    if isinstance(value, dict | list):  # a JSON column as PostgreSQL's driver returns it
        return json.dumps(value, ensure_ascii=False).encode()
    return str(value).encode()


def _leaks(poll, cast_marks):
    """Cells that hold a ballot's content in the clear: a mark alone in a cell (a choice row), the
    sealed plaintext's JSON keys, a cast mark as JSON, or a cast ballot's plaintext in hex or base64."""
    pad_size = sealing.ballot_pad_size(
        [
            (q.pk, [] if q.method == "yes_no" else [o.pk for o in q.options.all()])
            for q in poll.questions.all()
        ]
    )
    needles = {b'"m":', b'"k":'}
    for kind, marks in cast_marks:
        plaintext = sealing.ballot_plaintext(kind, marks, pad_size)
        needles |= {plaintext.rstrip(), plaintext.hex().encode(), base64.b64encode(plaintext)}
        for mark in marks:
            needles |= {json.dumps(mark).encode(), json.dumps(mark, separators=(",", ":")).encode()}
    return [
        (table, column, value[:80])
        for table, column, value in _cells()
        if value in (b"yes", b"no", b"abstain") or any(needle in value for needle in needles)
    ]


def _vote(poll, personas, voters):
    """Four ballots, each another shape; returns what was cast as the sealed plaintext has it."""
    q1, q2 = poll.questions.order_by("order")
    options = {o.label: o.pk for o in q1.options.all()}
    ballots = [
        (["张老师"], "yes", False),
        (["李老师", "王老师"], "no", False),
        ([], "abstain", False),
        ([], "yes", True),
    ]
    cast_marks = []
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        for (user, member), (picks, yes_no, blank) in zip(
            [*voters, (personas.member, personas.member_row)], ballots, strict=True
        ):
            cast(poll, member, user, picks=picks, yes_no=yes_no, blank=blank)
            marks = [] if blank else [[q1.pk, options[p], "yes"] for p in picks] + [[q2.pk, None, yes_no]]
            cast_marks.append(("blank" if blank else "valid", marks))
    return cast_marks


def test_no_table_holds_a_plaintext_choice_before_the_count(personas, poll, voters):
    poll = opened(poll, personas.chair)
    assert poll.sealed
    cast_marks = _vote(poll, personas, voters)
    assert SealedBallot.objects.filter(poll=poll).count() == 4
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()
    assert _leaks(poll, cast_marks) == []
    # The scan does see choices once they are stored in the clear: after the count.
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        services.poll_tally(poll=services.poll_close(poll=poll, actor=personas.chair), actor=personas.chair)
    assert {table for table, _column, _value in _leaks(poll, cast_marks)} >= {"voting_ballotchoice"}


def test_the_scan_finds_the_choices_of_a_poll_without_the_sealed_box(personas, poll, voters):
    poll.ballot_box = "plain"
    poll.save(update_fields=["ballot_box"])
    poll = opened(poll, personas.chair)
    cast_marks = _vote(poll, personas, voters)
    assert {table for table, _column, _value in _leaks(poll, cast_marks)} == {"voting_ballotchoice"}
