"""Grants on single records: given and taken back by whoever the record's app names, audited, and
worth something only inside their term."""

from datetime import date

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.roles import Role
from chuangxian.grants import registry
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import can_grant, holds_grant
from chuangxian.grants.selectors import grant_holders, grant_state, grants_of_member
from chuangxian.grants.services import grant_create, grant_revoke
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import MemberFactory, make_user


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def judge(tree):
    member = MemberFactory(unit=tree.sibling, name="评委甲")
    return make_user(member), member


def _judge_grant(campaign, member, actor, **term):
    term.setdefault("starts_on", date(2011, 3, 1))
    term.setdefault("ends_on", date(2011, 6, 30))
    return grant_create(kind=GrantKind.JUDGE, target=campaign, member=member, actor=actor, **term)


def test_the_office_names_a_judge_of_a_campaign_who_holds_it_only_in_the_term(campaign, personas, judge):
    user, member = judge
    grant = _judge_grant(campaign, member, personas.office)
    entry = AuditEntry.objects.get(action="grants.grant.created")
    assert (
        entry.actor == personas.office
        and entry.data["权限"] == "评委"
        and entry.data["被授权人"] == str(member)
    )
    assert grant.granted_by == personas.office
    for day, holds in [
        ("2011-02-28", False),
        ("2011-03-01", True),
        ("2011-06-30", True),
        ("2011-07-01", False),
    ]:
        with time_machine.travel(f"{day} 12:00 +0800", tick=False):
            assert holds_grant(user, GrantKind.JUDGE, campaign) is holds, day
    with time_machine.travel("2011-04-01 12:00 +0800", tick=False):
        assert not holds_grant(personas.member, GrantKind.JUDGE, campaign)
        assert not holds_grant(user, GrantKind.SCRUTINEER, campaign)  # another power
        assert not holds_grant(SYSTEM, GrantKind.JUDGE, campaign)
        assert [g.member for g in grant_holders(GrantKind.JUDGE, campaign)] == [member]
        assert grant_state(grant) == "在任"
        grant_revoke(grant=grant, actor=personas.office)
        assert not holds_grant(user, GrantKind.JUDGE, campaign)
        assert list(grant_holders(GrantKind.JUDGE, campaign)) == []
        grant.refresh_from_db()
        assert grant_state(grant) == "已收回" and grant.revoked_by == personas.office
    assert AuditEntry.objects.filter(action="grants.grant.revoked", actor=personas.office).count() == 1


def test_a_judge_of_one_campaign_is_no_judge_of_another(tree, campaign, personas, judge):
    user, member = judge
    other = Campaign.objects.create(tenant=tree.tenant, title="另一次活动")
    _judge_grant(campaign, member, personas.office, ends_on=None)
    with time_machine.travel("2011-04-01 12:00 +0800", tick=False):
        assert holds_grant(user, GrantKind.JUDGE, campaign)
        assert not holds_grant(user, GrantKind.JUDGE, other)


@pytest.mark.parametrize("persona", ["chair", "liaison", "member", "leader", "sibling_chair", "other_office"])
def test_only_the_office_may_name_or_remove_a_judge(campaign, personas, judge, persona):
    _user, member = judge
    with pytest.raises(Refused) as refused:
        _judge_grant(campaign, member, getattr(personas, persona))
    assert refused.value.code == "not_granter"
    assert not Grant.objects.exists() and not AuditEntry.objects.filter(action__startswith="grants.").exists()
    grant = _judge_grant(campaign, member, SYSTEM)
    with pytest.raises(Refused):
        grant_revoke(grant=grant, actor=getattr(personas, persona))
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_bad_grants_are_refused_with_a_reason_and_save_nothing(tree, campaign, personas, judge):
    _user, member = judge
    stranger = MemberFactory(unit=tree.other_unit)
    cases = [
        ({"member": stranger}, "wrong_tenant"),
        ({"member": member, "starts_on": date(2011, 5, 1), "ends_on": date(2011, 4, 1)}, "bad_term"),
        ({"member": None, "unit": tree.college}, "wrong_holder"),
    ]
    for kwargs, code in cases:
        with pytest.raises(DomainError) as error:
            _judge_grant(campaign, actor=personas.office, **kwargs)
        assert error.value.code == code
    with pytest.raises(DomainError) as error:  # nobody registered representatives on a campaign
        grant_create(
            kind=GrantKind.REPRESENTATIVE,
            target=campaign,
            member=member,
            starts_on=date(2011, 1, 1),
            actor=SYSTEM,
        )
    assert error.value.code == "not_grantable"
    assert not can_grant(personas.office, GrantKind.REPRESENTATIVE, campaign)
    _judge_grant(campaign, member, personas.office)
    with pytest.raises(DomainError) as error:
        _judge_grant(campaign, member, personas.office)
    assert error.value.code == "duplicate"
    assert Grant.objects.count() == 1
    grant_revoke(grant=Grant.objects.get(), actor=personas.office)
    with pytest.raises(DomainError) as error:
        grant_revoke(grant=Grant.objects.get(), actor=personas.office)
    assert error.value.code == "already_revoked"
    _judge_grant(campaign, member, personas.office)  # after a revocation it may be given again
    assert Grant.objects.count() == 2


@pytest.fixture
def handling_office_kind():
    """A unit-held kind, as the staff congress will register for proposals."""
    saved = dict(registry._kinds)
    registry.register_kind(
        GrantKind.HANDLER, Campaign, can_grant=lambda actor, target: holds_office(actor), holder="unit"
    )
    yield
    registry._kinds.clear()
    registry._kinds.update(saved)


def holds_office(actor):
    from chuangxian.orgs.permissions import is_office

    return is_office(actor)


def test_a_grant_held_by_a_unit_is_held_by_whoever_has_a_role_there(
    tree, campaign, personas, handling_office_kind
):
    handler = MemberFactory(unit=tree.library, name="图书馆承办人")
    handler_user = make_user(handler)
    role_grant(member=handler, unit=tree.library, role=Role.HANDLING_OFFICE, actor=SYSTEM)
    grant_create(
        kind=GrantKind.HANDLER, target=campaign, unit=tree.library, starts_on=date(2011, 1, 1), actor=SYSTEM
    )
    with time_machine.travel("2011-04-01 12:00 +0800", tick=False):
        assert holds_grant(handler_user, GrantKind.HANDLER, campaign)
        assert not holds_grant(personas.chair, GrantKind.HANDLER, campaign)  # a role elsewhere
        assert not holds_grant(personas.office, GrantKind.HANDLER, campaign)  # the root is not the library


def test_the_persons_page_lists_grants_in_one_query(campaign, personas, judge, django_assert_num_queries):
    _user, member = judge
    for n in range(3):
        grant = _judge_grant(campaign, member, personas.office, starts_on=date(2011, 1, 1 + n), ends_on=None)
        if n < 2:
            grant_revoke(grant=grant, actor=personas.office)
    with django_assert_num_queries(1):
        rows = [(str(g.get_kind_display()), g.target_label) for g in grants_of_member(member)]
    assert rows == [("评委", str(campaign))] * 3


def test_the_persons_page_shows_their_grants_with_the_term_and_state(client, campaign, personas, judge):
    _user, member = judge
    _judge_grant(campaign, member, personas.office, starts_on=date(2011, 3, 1), ends_on=None)
    revoked = _judge_grant(
        Campaign.objects.create(tenant=campaign.tenant, title="上一届<b>活动</b>"),
        member,
        personas.office,
        starts_on=date(2010, 1, 1),
        ends_on=date(2010, 12, 31),
    )
    grant_revoke(grant=revoked, actor=personas.office)
    client.force_login(personas.office)
    with time_machine.travel("2011-04-01 12:00 +0800", tick=True):
        html = client.get(f"/orgs/members/{member.pk}/").content.decode()
    assert "单项授权" in html
    assert "评委 · 创先争优活动" in html and "2011-03-01 至 事项结束" in html and "在任" in html
    assert "2010-01-01 至 2010-12-31" in html and "已收回" in html
    assert "上一届&lt;b&gt;活动&lt;/b&gt;" in html  # a title is text, never markup
    client.force_login(personas.member)  # a member may not open another member's page at all
    assert client.get(f"/orgs/members/{member.pk}/").status_code == 404


def test_a_person_without_grants_sees_no_empty_grants_card(client, personas):
    client.force_login(personas.office)
    assert "单项授权" not in client.get(f"/orgs/members/{personas.member_row.pk}/").content.decode()


def test_a_login_reads_its_grants_once_and_sees_every_change(
    tree, campaign, personas, judge, django_assert_num_queries
):
    """The first question reads every grant the login holds that day; the next are answered from
    memory, until a grant is given, revoked or deleted anywhere in the process."""
    user, member = judge
    other = make_campaign(tree.tenant, active=False)
    with time_machine.travel("2011-04-01 12:00 +0800", tick=False):
        assert not holds_grant(user, GrantKind.JUDGE, campaign)
        grant = _judge_grant(campaign, member, personas.office)
        assert holds_grant(user, GrantKind.JUDGE, campaign)  # given: seen at once
        with django_assert_num_queries(0):
            assert holds_grant(user, GrantKind.JUDGE, campaign)
            assert not holds_grant(user, GrantKind.JUDGE, other)
            assert not holds_grant(user, GrantKind.REPRESENTATIVE, campaign)
        grant_revoke(grant=grant, actor=personas.office)
        assert not holds_grant(user, GrantKind.JUDGE, campaign)  # revoked: seen at once
        again = _judge_grant(campaign, member, personas.office)
        assert holds_grant(user, GrantKind.JUDGE, campaign)
        Grant.objects.filter(pk=again.pk, tenant_id=tree.tenant.pk).delete()
        assert not holds_grant(user, GrantKind.JUDGE, campaign)  # deleted (the admin): seen too
    _judge_grant(campaign, member, personas.office, starts_on=date(2011, 5, 1))
    with time_machine.travel("2011-04-30 12:00 +0800", tick=False):
        assert not holds_grant(user, GrantKind.JUDGE, campaign)
    with time_machine.travel("2011-05-01 12:00 +0800", tick=False):
        assert holds_grant(user, GrantKind.JUDGE, campaign)  # another day: read again
