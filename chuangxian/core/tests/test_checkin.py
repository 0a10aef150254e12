"""The check-in code scheme shared by meetings and activities: one kind's code is not another's."""

import pytest
import time_machine

from chuangxian.core.checkin import LOGIN_GRACE_SECONDS, CheckinError, CodeScheme

A = CodeScheme(
    salt="a",
    key="a",
    expired="expired",
    tampered="tampered",
    invalid="invalid",
    other_code="code_other_a",
    other="other",
)
B = CodeScheme(
    salt="b",
    key="a",
    expired="expired",
    tampered="tampered",
    invalid="invalid",
    other_code="code_other_b",
    other="other",
)


def test_code_names_its_target_and_is_refused_for_another():
    token = A.make(7).token
    A.require(token, 7)
    with pytest.raises(CheckinError) as error:
        A.require(token, 8)
    assert error.value.code == "code_other_a"


def test_a_code_of_another_scheme_is_invalid():
    with pytest.raises(CheckinError) as error:
        B.require(A.make(7).token, 7)
    assert error.value.code == "code_invalid" and error.value.message == "tampered"


def test_login_grace_keeps_a_scanned_code_valid():
    with time_machine.travel("2011-03-20 14:00 +0800", tick=False) as traveller:
        token = A.make(7).token
        traveller.shift(5 * 60)
        with pytest.raises(CheckinError) as error:
            A.require(token, 7)
        assert error.value.code == "code_expired"
        A.require(token, 7, scanned_before_login=True)
        traveller.shift(LOGIN_GRACE_SECONDS)
        with pytest.raises(CheckinError):
            A.require(token, 7, scanned_before_login=True)
