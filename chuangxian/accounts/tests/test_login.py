import pytest
from django.urls import reverse

from chuangxian.accounts.models import User
from chuangxian.accounts.services import (
    AccountError,
    account_authenticate,
    account_create_for_member,
    password_change,
    password_reset_by_office,
)
from chuangxian.audit.models import AuditEntry
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory


@pytest.fixture
def newcomer(tree):
    return MemberFactory(unit=tree.college, name="新会员", staff_no="2010001", id_number="350502198001011234")


def test_first_login_with_id_number_tail_creates_account_that_must_change(tree, newcomer):
    user = account_authenticate(tenant=tree.tenant, login="2010001", password="011234")
    assert user is not None
    assert user.must_change_password
    newcomer.refresh_from_db()
    assert newcomer.user == user


def test_full_width_staff_number_is_normalised(tree, newcomer):
    assert account_authenticate(tenant=tree.tenant, login=" ２０１００01 ", password="011234") is not None


def test_wrong_initial_password_refused_and_no_account_created(tree, newcomer):
    assert account_authenticate(tenant=tree.tenant, login="2010001", password="000000") is None
    assert not User.objects.filter(staff_no="2010001").exists()


def test_member_who_left_cannot_log_in(tree, newcomer):
    newcomer.status = MemberStatus.LEFT
    newcomer.save()
    assert account_authenticate(tenant=tree.tenant, login="2010001", password="011234") is None


def test_same_staff_number_in_other_tenant_is_a_different_person(tree, newcomer):
    assert account_authenticate(tenant=tree.other_tenant, login="2010001", password="011234") is None


def test_password_change_clears_the_flag(tree, newcomer):
    user = account_authenticate(tenant=tree.tenant, login="2010001", password="011234")
    with pytest.raises(AccountError) as error:
        password_change(user=user, old_password="wrong", new_password="Better-pass-2026")
    assert error.value.code == "wrong_password"
    password_change(user=user, old_password="011234", new_password="Better-pass-2026")
    user.refresh_from_db()
    assert not user.must_change_password
    assert account_authenticate(tenant=tree.tenant, login="2010001", password="Better-pass-2026") == user


def test_first_login_redirects_to_password_change_until_changed(client, tree, newcomer):
    response = client.post(
        reverse("accounts:login"), {"username": "2010001", "password": "011234", "tenant": tree.tenant.pk}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("accounts:password_change")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "011234", "new_password": "Better-pass-2026", "new_password2": "Better-pass-2026"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_repeated_failures_lock_the_account(client, settings, tree, newcomer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"), {"username": "2010001", "password": "bad", "tenant": tree.tenant.pk}
        )
    response = client.post(
        reverse("accounts:login"), {"username": "2010001", "password": "011234", "tenant": tree.tenant.pk}
    )
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_installation_admin_logs_in_on_the_main_page(tree):
    from chuangxian.orgs.tests.factories import make_user

    admin = make_user(None, username="admin", is_superuser=True, is_staff=True)
    assert account_authenticate(tenant=tree.tenant, login="admin", password="pass-w0rd!") == admin
    make_user(None, username="plain")
    assert account_authenticate(tenant=tree.tenant, login="plain", password="pass-w0rd!") is None


def test_office_reset_is_one_audit_entry_and_the_next_login_is_a_rearm(tree, personas, newcomer):
    user = account_authenticate(tenant=tree.tenant, login="2010001", password="011234")
    password_change(user=user, old_password="011234", new_password="Better-pass-2026")
    password_reset_by_office(member=newcomer, actor=personas.office)
    assert account_authenticate(tenant=tree.tenant, login="2010001", password="011234") == user
    actions = list(
        AuditEntry.objects.filter(target_id=str(user.pk)).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "accounts.user.created",
        "accounts.user.password_changed",
        "accounts.user.password_reset",
        "accounts.user.rearmed",
    ]


def test_first_login_arms_the_members_own_login_and_names_them_in_the_log(tree, newcomer):
    """Self-service: no office involved, the initial password just checked is the authority."""
    user = account_authenticate(tenant=tree.tenant, login="2010001", password="011234")
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert entry.actor_id == user.pk


@pytest.mark.parametrize("who", ["chair", "member", "other_office"])
def test_arming_someone_elses_login_is_the_offices(tree, personas, newcomer, who):
    with pytest.raises(Refused) as error:
        account_create_for_member(member=newcomer, actor=getattr(personas, who))
    assert error.value.code == "forbidden"
    assert not User.objects.filter(staff_no=newcomer.staff_no).exists()
    account_create_for_member(member=newcomer, actor=personas.office)
    assert User.objects.get(staff_no=newcomer.staff_no).must_change_password
