"""Random initial passwords: the office's choice instead of the ID-number rule, issued per unit on a
printed sheet of slips, shown nowhere else."""

import io
import json
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from chuangxian.accounts import services
from chuangxian.accounts.models import User
from chuangxian.accounts.services import (
    RANDOM_PASSWORD_ALPHABET,
    RANDOM_PASSWORD_ITERATIONS,
    RANDOM_PASSWORD_LENGTH,
    AccountError,
    account_authenticate,
    account_create_for_member,
    initial_passwords_issue,
    password_reset_by_office,
    tenant_initial_password_mode_set,
)
from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.core.models import InitialPasswordMode
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory

PASSWORD_RE = re.compile(rf"[{RANDOM_PASSWORD_ALPHABET}]{{{RANDOM_PASSWORD_LENGTH}}}")


@pytest.fixture
def newcomer(tree):
    """Never logged in; the roster has an ID number (ID-number rule: 011234)."""
    return MemberFactory(unit=tree.college, name="新会员", staff_no="2010001", id_number="350502198001011234")


@pytest.fixture
def random_mode(tree, personas):
    tenant_initial_password_mode_set(
        tenant=tree.tenant, mode=InitialPasswordMode.RANDOM, actor=personas.office
    )
    tree.tenant.refresh_from_db()
    return tree.tenant


def _login_works(tenant, staff_no, password) -> bool:
    return account_authenticate(tenant=tenant, login=staff_no, password=password) is not None


# --- the tenant's choice -------------------------------------------------------------------------


def test_random_mode_takes_the_id_number_rule_away(tree, personas, newcomer):
    assert _login_works(tree.tenant, "2010002", "x") is False  # sanity: unknown staff number
    tenant_initial_password_mode_set(
        tenant=tree.tenant, mode=InitialPasswordMode.RANDOM, actor=personas.office
    )
    assert not _login_works(tree.tenant, "2010001", "011234")
    assert not User.objects.filter(staff_no="2010001").exists()


def test_random_mode_takes_the_shared_initial_password_away(tree, personas):
    member = MemberFactory(unit=tree.college, id_number="")
    tree.tenant.initial_password = "School-2026"
    tree.tenant.save()
    assert _login_works(tree.tenant, member.staff_no, "School-2026")
    User.objects.filter(staff_no=member.staff_no).delete()
    tenant_initial_password_mode_set(
        tenant=tree.tenant, mode=InitialPasswordMode.RANDOM, actor=personas.office
    )
    assert not _login_works(tree.tenant, member.staff_no, "School-2026")


def test_mode_change_is_audited(tree, personas):
    tenant_initial_password_mode_set(
        tenant=tree.tenant, mode=InitialPasswordMode.RANDOM, actor=personas.office
    )
    entry = AuditEntry.objects.get(action="accounts.tenant.initial_password_mode_changed")
    assert entry.changes == {"initial_password_mode": ["id_number", "random"]}
    assert entry.tenant_id == tree.tenant.pk


@pytest.mark.parametrize("who", ["chair", "member", "leader", "other_office"])
def test_only_the_tenants_office_chooses_the_mode(tree, personas, who):
    with pytest.raises(Refused) as error:
        tenant_initial_password_mode_set(
            tenant=tree.tenant, mode=InitialPasswordMode.RANDOM, actor=getattr(personas, who)
        )
    assert error.value.code == "forbidden"
    tree.tenant.refresh_from_db()
    assert tree.tenant.initial_password_mode == InitialPasswordMode.ID_NUMBER


def test_unknown_mode_refused(tree, personas):
    with pytest.raises(AccountError) as error:
        tenant_initial_password_mode_set(tenant=tree.tenant, mode="birthday", actor=personas.office)
    assert error.value.code == "invalid_mode"


# --- issuing a unit's slips ----------------------------------------------------------------------


def test_each_member_who_has_not_changed_gets_a_random_password_and_a_forced_change(
    tree, personas, random_mode, newcomer
):
    armed = MemberFactory(unit=tree.group, id_number="350502198001010000")
    armed_user = account_create_for_member(
        member=armed, password="000000", actor=SYSTEM
    )  # armed, not changed yet
    reset = MemberFactory(unit=tree.college)
    password_reset_by_office(member=reset, actor=personas.office)  # a reset login counts too
    left = MemberFactory(unit=tree.college, status=MemberStatus.LEFT)
    sibling = MemberFactory(unit=tree.sibling)

    slips = initial_passwords_issue(unit=tree.college, actor=personas.office)

    issued = {slip.staff_no: slip for slip in slips}
    # chair, liaison and the plain member changed their passwords (make_user): left alone
    assert set(issued) == {newcomer.staff_no, armed.staff_no, reset.staff_no}
    assert left.staff_no not in issued and sibling.staff_no not in issued
    for slip in slips:
        assert PASSWORD_RE.fullmatch(slip.password)
        user = account_authenticate(tenant=tree.tenant, login=slip.staff_no, password=slip.password)
        assert user is not None and user.must_change_password
        assert slip.password not in user.password
    assert len({slip.password for slip in slips}) == len(slips)
    assert issued[newcomer.staff_no].name == "新会员"
    assert issued[newcomer.staff_no].unit_name == tree.college.name
    newcomer.refresh_from_db()
    assert newcomer.user is not None
    armed_user.refresh_from_db()
    assert not armed_user.check_password("000000")
    assert _login_works(tree.tenant, personas.chair.staff_no, "pass-w0rd!")  # untouched


def test_issuing_again_replaces_the_previous_slips(tree, personas, random_mode, newcomer):
    (first,) = initial_passwords_issue(unit=tree.college, actor=personas.office)
    (second,) = initial_passwords_issue(unit=tree.college, actor=personas.office)
    assert not _login_works(tree.tenant, newcomer.staff_no, first.password)
    assert _login_works(tree.tenant, newcomer.staff_no, second.password)


def test_issue_is_audited_without_the_passwords(tree, personas, random_mode, newcomer):
    slips = initial_passwords_issue(unit=tree.college, actor=personas.office)
    entry = AuditEntry.objects.get(action="accounts.initial_passwords.issued")
    assert entry.data == {"count": 1, "staff_nos": [newcomer.staff_no]}
    assert entry.unit_id == tree.college.pk
    everything = json.dumps(list(AuditEntry.objects.values("data", "changes", "target_label")))
    for slip in slips:
        assert slip.password not in everything


def test_issue_refused_under_the_id_number_rule(tree, personas, newcomer):
    with pytest.raises(AccountError) as error:
        initial_passwords_issue(unit=tree.college, actor=personas.office)
    assert error.value.code == "not_random_mode"
    assert not User.objects.filter(staff_no=newcomer.staff_no).exists()


def test_issue_refused_when_everybody_has_changed(tree, personas, random_mode):
    with pytest.raises(AccountError) as error:
        initial_passwords_issue(unit=tree.group, actor=personas.office)
    assert error.value.code == "nobody"


def test_issue_refused_above_the_sheet_limit_and_nothing_changes(tree, personas, random_mode, monkeypatch):
    monkeypatch.setattr(services, "INITIAL_PASSWORD_SLIPS_MAX", 1)
    members = [MemberFactory(unit=tree.college) for _ in range(2)]
    with pytest.raises(AccountError) as error:
        initial_passwords_issue(unit=tree.college, actor=personas.office)
    assert error.value.code == "too_many"
    assert not User.objects.filter(staff_no__in=[m.staff_no for m in members]).exists()
    assert not AuditEntry.objects.filter(action="accounts.initial_passwords.issued").exists()


def _issue_queries(unit, office, *, members: int) -> int:
    """Queries to issue a unit's sheet where ``members`` have no login and as many are still armed."""
    for _ in range(members):
        MemberFactory(unit=unit)
        account_create_for_member(member=MemberFactory(unit=unit), password="000000", actor=SYSTEM)
    with CaptureQueriesContext(connection) as queries:
        slips = initial_passwords_issue(unit=unit, actor=office)
    assert len(slips) == 2 * members
    return len(queries)


def test_issue_queries_do_not_grow_with_the_members(tree, personas, random_mode):
    assert _issue_queries(tree.sibling, personas.office, members=1) == _issue_queries(
        tree.group, personas.office, members=8
    )


@pytest.mark.parametrize("who", ["chair", "liaison", "sibling_chair", "member", "leader", "other_office"])
def test_only_the_tenants_office_issues(tree, personas, random_mode, newcomer, who):
    """A chair may not print the slips of their own unit either: whoever holds the sheet can log in as
    every member on it (ballots included), a power the role model gives only to the office (as for
    the password reset)."""
    with pytest.raises(Refused) as error:
        initial_passwords_issue(unit=tree.college, actor=getattr(personas, who))
    assert error.value.code == "forbidden"
    assert not User.objects.filter(staff_no=newcomer.staff_no).exists()


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"])
def test_random_passwords_are_hashed_with_fewer_rounds_and_upgraded_at_login(
    tree, personas, random_mode, newcomer
):
    (slip,) = initial_passwords_issue(unit=tree.college, actor=personas.office)
    user = User.objects.get(staff_no=newcomer.staff_no)
    assert user.password.startswith(f"pbkdf2_sha256${RANDOM_PASSWORD_ITERATIONS}$")
    assert account_authenticate(tenant=tree.tenant, login=newcomer.staff_no, password=slip.password) == user
    user.refresh_from_db()
    assert not user.password.startswith(f"pbkdf2_sha256${RANDOM_PASSWORD_ITERATIONS}$")
    assert user.check_password(slip.password)


# --- the office's reset of one member --------------------------------------------------------------


def test_reset_under_random_mode_returns_a_slip_and_nothing_else_knows_it(tree, personas, random_mode):
    member = personas.member_row
    slip = password_reset_by_office(member=member, actor=personas.office)
    assert slip is not None and PASSWORD_RE.fullmatch(slip.password)
    assert not _login_works(tree.tenant, member.staff_no, "pass-w0rd!")
    user = account_authenticate(tenant=tree.tenant, login=member.staff_no, password=slip.password)
    assert user is not None and user.must_change_password
    entry = AuditEntry.objects.get(action="accounts.user.password_reset")
    assert slip.password not in json.dumps(entry.data)


def test_reset_under_the_id_number_rule_returns_no_password(tree, personas, newcomer):
    assert password_reset_by_office(member=newcomer, actor=personas.office) is None
    assert _login_works(tree.tenant, newcomer.staff_no, "011234")


def test_reset_refused_to_a_chair(tree, personas, newcomer):
    with pytest.raises(Refused) as error:
        password_reset_by_office(member=newcomer, actor=personas.chair)
    assert error.value.code == "forbidden"


# --- pages -----------------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_office_page_and_mode_form(client, tree, personas):
    client.force_login(personas.office)
    page = client.get(reverse("accounts:initial_passwords"))
    assert page.status_code == 200
    assert "已修改过密码的会员" not in page.content.decode()  # the slips form waits for random mode
    response = client.post(reverse("accounts:initial_passwords"), {"initial_password_mode": "random"})
    assert response.status_code == 302
    tree.tenant.refresh_from_db()
    assert tree.tenant.initial_password_mode == InitialPasswordMode.RANDOM
    assert "已修改过密码的会员不受影响" in client.get(reverse("accounts:initial_passwords")).content.decode()


def test_the_slips_hint_names_the_mode_section_not_a_side(client, tree, personas):
    """On a phone the two cards stack: the mode form is above the slips card, not to its left."""
    client.force_login(personas.office)
    html = client.get(reverse("accounts:initial_passwords")).content.decode()
    assert "先在「初始密码方式」中选择" in html
    assert "左侧" not in html


@pytest.mark.parametrize("who", ["chair", "member", "leader", "admin"])
def test_the_page_is_a_404_for_anyone_but_the_office(client, tree, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("accounts:initial_passwords")).status_code == 404
    response = client.post(reverse("accounts:initial_passwords"), {"initial_password_mode": "random"})
    assert response.status_code == 404
    tree.tenant.refresh_from_db()
    assert tree.tenant.initial_password_mode == InitialPasswordMode.ID_NUMBER


def test_office_downloads_the_slips_and_they_log_in(client, tree, personas, random_mode, newcomer):
    client.force_login(personas.office)
    response = client.post(reverse("accounts:initial_password_slips"), {"unit": tree.college.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = _pdf_text(response.content)
    assert newcomer.staff_no in text
    assert "http://testserver/accounts/login/" in text
    candidates = set(PASSWORD_RE.findall(text))  # "testserver" is ten such letters too
    assert len([p for p in candidates if _login_works(tree.tenant, newcomer.staff_no, p)]) == 1


@pytest.mark.parametrize("who", ["chair", "sibling_chair", "member", "leader"])
def test_slips_are_a_404_for_anyone_but_the_office(client, tree, personas, random_mode, newcomer, who):
    client.force_login(getattr(personas, who))
    response = client.post(reverse("accounts:initial_password_slips"), {"unit": tree.college.pk})
    assert response.status_code == 404
    assert not User.objects.filter(staff_no=newcomer.staff_no).exists()


def test_another_tenants_office_acts_on_its_own_tenant_only(client, tree, personas, random_mode, newcomer):
    client.force_login(personas.other_office)
    client.post(reverse("accounts:initial_passwords"), {"initial_password_mode": "id_number"})
    tree.tenant.refresh_from_db()
    tree.other_tenant.refresh_from_db()
    assert tree.tenant.initial_password_mode == InitialPasswordMode.RANDOM
    assert tree.other_tenant.initial_password_mode == InitialPasswordMode.ID_NUMBER
    response = client.post(reverse("accounts:initial_password_slips"), {"unit": tree.college.pk})
    assert response["Content-Type"].startswith("text/html")
    assert not User.objects.filter(staff_no=newcomer.staff_no).exists()


def test_another_tenants_unit_gets_no_slips(client, tree, personas, random_mode):
    stranger = MemberFactory(unit=tree.other_unit)
    client.force_login(personas.office)
    response = client.post(reverse("accounts:initial_password_slips"), {"unit": tree.other_unit.pk})
    assert response["Content-Type"].startswith("text/html")
    assert not User.objects.filter(staff_no=stranger.staff_no, tenant=tree.other_tenant).exists()


def test_a_refusal_is_shown_on_the_page(client, tree, personas, newcomer):
    client.force_login(personas.office)
    response = client.post(reverse("accounts:initial_password_slips"), {"unit": tree.college.pk})
    assert response.status_code == 200
    assert "随机初始密码" in response.content.decode()
    assert not User.objects.filter(staff_no=newcomer.staff_no).exists()


def test_slips_need_a_post(client, tree, personas, random_mode):
    client.force_login(personas.office)
    assert client.get(reverse("accounts:initial_password_slips")).status_code == 405


def test_member_page_reset_under_random_mode_downloads_one_slip(
    client, tree, personas, random_mode, newcomer
):
    client.force_login(personas.office)
    response = client.post(reverse("orgs:member_password_reset", args=[newcomer.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    candidates = set(PASSWORD_RE.findall(_pdf_text(response.content)))
    assert len([p for p in candidates if _login_works(tree.tenant, newcomer.staff_no, p)]) == 1


def test_a_failed_login_names_the_slip_not_the_id_number_under_random_mode(
    client, tree, random_mode, newcomer
):
    response = client.post(
        reverse("accounts:login"), {"tenant": tree.tenant.pk, "username": "2010001", "password": "011234"}
    )
    html = response.content.decode()
    assert "密码条" in html
    assert "身份证号后六位" not in html


def test_a_failed_login_names_the_id_number_rule_when_it_is_on(client, tree, newcomer):
    response = client.post(
        reverse("accounts:login"), {"tenant": tree.tenant.pk, "username": "2010001", "password": "wrong-1"}
    )
    assert "身份证号后六位" in response.content.decode()
