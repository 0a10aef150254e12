"""The schema is the promise: nothing in the ballot tables may point at a person or a moment."""

from django.db import models

from chuangxian.voting.models import Ballot, BallotChoice

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
