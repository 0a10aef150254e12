"""Every message of the configured password validators reaches the member in Chinese.

Django 5.2 changed the msgid of MinimumLengthValidator's error ("%d" for "%(min_length)d") and its
zh_Hans catalogue still carries the old one, so a short password was refused in English next to
the Chinese messages of the other validators. The project's zh_Hans catalogue fills the gap.
"""

import re

import pytest
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    password_validators_help_texts,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chuangxian.orgs.tests.factories import MemberFactory, make_user

LATIN_SENTENCE = re.compile(r"[A-Za-z]{4,} [A-Za-z]{2,}")
OLD_PASSWORD = "Old-pass-2026"

# A password that trips each validator class; a validator added to AUTH_PASSWORD_VALIDATORS without a
# line here fails test_every_configured_validator_is_covered.
TRIPS = {
    "UserAttributeSimilarityValidator": lambda user: user.get_username(),
    "MinimumLengthValidator": lambda user: "Ab3$x",
    "CommonPasswordValidator": lambda user: "password",
    "NumericPasswordValidator": lambda user: "8264019375",
}


@pytest.fixture
def user(tree):
    member = MemberFactory(unit=tree.college, name="新会员", staff_no="2010001")
    return make_user(member, password=OLD_PASSWORD, must_change_password=True)


def validators():
    return [pytest.param(v, id=type(v).__name__) for v in get_default_password_validators()]


def test_every_configured_validator_is_covered():
    assert sorted(type(v).__name__ for v in get_default_password_validators()) == sorted(TRIPS)


@pytest.mark.parametrize("validator", validators())
def test_validator_error_on_the_password_change_page_is_chinese(client, user, validator):
    password = TRIPS[type(validator).__name__](user)
    with pytest.raises(ValidationError):  # the password does trip this validator
        validator.validate(password, user)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": OLD_PASSWORD, "new_password": password, "new_password2": password},
        headers={"accept-language": "zh-hans"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["new_password"]
    assert errors
    assert [e for e in errors if LATIN_SENTENCE.search(e)] == []
    page = response.content.decode()
    assert [e for e in errors if str(e) not in page] == []


@pytest.mark.parametrize("validator", validators())
def test_validator_error_and_help_text_are_chinese(user, validator):
    password = TRIPS[type(validator).__name__](user)
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as raised:
            validator.validate(password, user)
        texts = [*raised.value.messages, str(validator.get_help_text())]
    assert [t for t in texts if LATIN_SENTENCE.search(t)] == []


def test_help_texts_of_all_validators_are_chinese():
    with translation.override("zh-hans"):
        texts = password_validators_help_texts()
    assert texts
    assert [t for t in texts if LATIN_SENTENCE.search(t)] == []
