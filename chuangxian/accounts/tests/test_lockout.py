"""Login lockout: one counter per account whatever the spelling of the staff number, and a higher
limit per client address on top (a campus shares one NAT address)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from chuangxian.orgs.tests.factories import MemberFactory

STAFF_NO = "2010001"
INITIAL = "011234"  # the last six characters of the ID number below
SPELLINGS = ["２０１００01", " 2010 001 ", "2０1０0０1", "２０１０００１"]


@pytest.fixture
def newcomer(tree):
    return MemberFactory(unit=tree.college, name="新会员", staff_no=STAFF_NO, id_number="350502198001011234")


def _login(client, tenant, username, password, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, "tenant": tenant.pk},
        REMOTE_ADDR=address,
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_locked_account_stays_locked_under_every_spelling(client, settings, tree, newcomer, spelling):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, tree.tenant, STAFF_NO, "bad-guess")
    response = _login(client, tree.tenant, spelling, INITIAL)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert not _logged_in(client)


def test_failures_spread_over_spellings_add_up_to_one_counter(client, settings, tree, newcomer):
    spellings = [STAFF_NO, *SPELLINGS]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, tree.tenant, spellings[attempt % len(spellings)], "bad-guess")
    response = _login(client, tree.tenant, STAFF_NO, INITIAL)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_the_same_staff_number_in_another_tenant_has_its_own_counter(client, settings, tree, newcomer):
    MemberFactory(unit=tree.other_unit, staff_no=STAFF_NO, id_number="350502198001015678")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, tree.tenant, STAFF_NO, "bad-guess")
    response = _login(client, tree.other_tenant, STAFF_NO, "015678")
    assert response.status_code == 302
    assert _logged_in(client)


def test_a_successful_login_resets_the_account_counter(client, settings, tree, newcomer):
    """AXES_RESET_ON_SUCCESS: the key axes computes at login (from the user's internal username) is
    the same as the one it counted the failures under."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, tree.tenant, STAFF_NO, "bad-guess")
    assert _login(client, tree.tenant, STAFF_NO, INITIAL).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, tree.tenant, STAFF_NO, "bad-guess")
    assert _login(client, tree.tenant, STAFF_NO, INITIAL).status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT_PER_ADDRESS=6)
def test_one_address_guessing_many_accounts_is_locked_out(client, settings, tree, newcomer):
    """Below the per-account limit on every account, but over the limit of the address."""
    victims = [MemberFactory(unit=tree.college, id_number=f"35050219800101{n}99") for n in range(10, 13)]
    assert settings.AXES_FAILURE_LIMIT > 2
    for victim in victims:
        for _ in range(2):
            _login(client, tree.tenant, victim.staff_no, "bad-guess", address="10.0.0.9")
    # 3 accounts × 2 failures = 6: the address is at its limit, every account still under its own.
    response = _login(client, tree.tenant, STAFF_NO, INITIAL, address="10.0.0.9")
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert not _logged_in(client)
    # Another address is not affected.
    assert _login(client, tree.tenant, STAFF_NO, INITIAL, address="10.0.0.10").status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT_PER_ADDRESS=6)
def test_an_address_under_its_limit_still_logs_in(client, settings, tree, newcomer):
    other = MemberFactory(unit=tree.college, id_number="350502198001019999")
    for attempt in range(5):  # 5 failures over two accounts: under every limit
        username = other.staff_no if attempt % 2 else "9999999"
        _login(client, tree.tenant, username, "bad-guess", address="10.0.0.9")
    assert _login(client, tree.tenant, STAFF_NO, INITIAL, address="10.0.0.9").status_code == 302


def test_the_address_limit_setting_defaults_high(settings):
    assert settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS >= 100


# --- the client address behind a reverse proxy ------------------------------------------------------


def _request(rf, remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return rf.post("/accounts/login/", REMOTE_ADDR=remote, **extra)


def test_without_a_proxy_the_address_is_the_peer_and_forwarded_headers_are_ignored(rf, settings):
    from chuangxian.accounts.backends import client_address

    settings.LOGIN_PROXY_COUNT = 0
    assert client_address(_request(rf, "203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_is_the_one_the_proxy_saw(rf, settings):
    from chuangxian.accounts.backends import client_address

    settings.LOGIN_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the address it really saw.
    assert client_address(_request(rf, "127.0.0.1", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_address(_request(rf, "127.0.0.1", "")) == "127.0.0.1"
    assert client_address(_request(rf, "127.0.0.1")) == "127.0.0.1"


@override_settings(LOGIN_FAILURE_LIMIT_PER_ADDRESS=3, LOGIN_PROXY_COUNT=1)
def test_behind_a_proxy_one_client_is_locked_and_another_is_not(client, tree, newcomer):
    forged = ["1.1.1.1", "2.2.2.2", "3.3.3.3"]
    for n, fake in enumerate(forged):
        client.post(
            reverse("accounts:login"),
            {"username": f"99999{n:02d}", "password": "bad-guess", "tenant": tree.tenant.pk},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{fake}, 203.0.113.7",
        )
    locked = client.post(
        reverse("accounts:login"),
        {"username": STAFF_NO, "password": INITIAL, "tenant": tree.tenant.pk},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    other = client.post(
        reverse("accounts:login"),
        {"username": STAFF_NO, "password": INITIAL, "tenant": tree.tenant.pk},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 302
