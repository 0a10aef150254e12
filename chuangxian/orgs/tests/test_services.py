from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from chuangxian.audit.models import AuditEntry
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit, UnitKind
from chuangxian.orgs.services import (
    OrgError,
    RosterChanges,
    name_initials,
    role_grant,
    roster_apply,
    unit_create,
    unit_deactivate,
    unit_delete,
    unit_move,
    unit_officers_set,
    unit_reactivate,
    unit_set_officer,
    unit_update,
)
from chuangxian.orgs.tests.factories import MemberFactory


def test_unit_create_places_child_under_parent_and_audits(tree, personas):
    unit = unit_create(
        tenant=tree.tenant, parent=tree.sibling, name="软件工程系", kind=UnitKind.GROUP, actor=personas.office
    )
    assert unit.path.startswith(tree.sibling.path)
    assert unit.depth == tree.sibling.depth + 1
    entry = AuditEntry.objects.get(action="orgs.unit.created", target_id=str(unit.pk))
    assert entry.actor == personas.office
    assert entry.changes["name"] == [None, "软件工程系"]


def test_unit_names_are_unique_within_tenant_but_not_across(tree):
    with pytest.raises(OrgError) as error:
        unit_create(
            tenant=tree.tenant, parent=tree.root, name="图书馆", kind=UnitKind.SUB_UNION, actor=SYSTEM
        )
    assert error.value.code == "duplicate_name"
    unit_create(
        tenant=tree.other_tenant, parent=tree.other_root, name="图书馆", kind=UnitKind.SUB_UNION, actor=SYSTEM
    )


def test_group_names_may_repeat_under_different_units(tree):
    unit_create(
        tenant=tree.tenant, parent=tree.sibling, name="中文系工会小组", kind=UnitKind.GROUP, actor=SYSTEM
    )


def test_second_root_refused(tree):
    with pytest.raises(OrgError) as error:
        unit_create(
            tenant=tree.tenant, parent=None, name="另一个校工会", kind=UnitKind.SCHOOL_UNION, actor=SYSTEM
        )
    assert error.value.code == "root_exists"


def test_unit_update_records_before_and_after(tree, personas):
    unit_update(
        unit=tree.library,
        name="图书与档案馆",
        kind=UnitKind.SUB_UNION,
        category="support",
        actor=personas.office,
    )
    entry = AuditEntry.objects.get(action="orgs.unit.updated")
    assert entry.changes == {"name": ["图书馆", "图书与档案馆"]}


def test_move_carries_subtree_and_members(tree, personas):
    member = MemberFactory(unit=tree.group)
    unit_move(unit=tree.college, new_parent=tree.sibling, actor=personas.office)
    tree.group.refresh_from_db()
    college = Unit.objects.get(pk=tree.college.pk)
    assert college.path.startswith(tree.sibling.path)
    assert tree.group.path.startswith(college.path)
    assert Member.objects.get(pk=member.pk).unit.path.startswith(tree.sibling.path)


def test_move_into_own_subtree_or_root_refused(tree):
    with pytest.raises(OrgError) as error:
        unit_move(unit=tree.college, new_parent=tree.group, actor=SYSTEM)
    assert error.value.code == "move_into_self"
    with pytest.raises(OrgError) as error:
        unit_move(unit=tree.root, new_parent=tree.college, actor=SYSTEM)
    assert error.value.code == "move_root"
    with pytest.raises(OrgError) as error:
        unit_move(unit=tree.college, new_parent=tree.other_root, actor=SYSTEM)
    assert error.value.code == "wrong_tenant"


def test_deactivate_refused_while_active_members_remain(tree):
    MemberFactory(unit=tree.library)
    with pytest.raises(OrgError) as error:
        unit_deactivate(unit=tree.library, actor=SYSTEM)
    assert error.value.code == "has_active_members"
    assert Unit.objects.get(pk=tree.library.pk).is_active


def test_deactivate_and_reactivate_empty_unit(tree):
    unit_deactivate(unit=tree.library, actor=SYSTEM)
    assert not Unit.objects.get(pk=tree.library.pk).is_active
    unit_reactivate(unit=tree.library, actor=SYSTEM)
    assert Unit.objects.get(pk=tree.library.pk).is_active


def test_unit_with_members_is_never_hard_deleted(tree):
    MemberFactory(unit=tree.library, status=MemberStatus.LEFT)
    with pytest.raises(OrgError) as error:
        unit_delete(unit=tree.library, actor=SYSTEM)
    assert error.value.code == "has_history"
    assert Unit.objects.filter(pk=tree.library.pk).exists()


def test_empty_unit_created_by_mistake_can_be_deleted(tree):
    unit = unit_create(
        tenant=tree.tenant, parent=tree.root, name="误建单位", kind=UnitKind.SUB_UNION, actor=SYSTEM
    )
    unit_delete(unit=unit, actor=SYSTEM)
    assert not Unit.objects.filter(pk=unit.pk).exists()
    assert AuditEntry.objects.filter(action="orgs.unit.deleted", data__name="误建单位").exists()


def test_set_officer_replaces_previous_and_requires_membership(tree, personas):
    first, second = MemberFactory(unit=tree.college), MemberFactory(unit=tree.group)
    unit_set_officer(unit=tree.college, role=Role.CHAIR, member=first, actor=SYSTEM)
    unit_set_officer(unit=tree.college, role=Role.CHAIR, member=second, actor=SYSTEM)
    assert list(
        RoleAssignment.objects.filter(unit=tree.college, role=Role.CHAIR).values_list("member", flat=True)
    ) == [second.pk]
    outsider = MemberFactory(unit=tree.sibling)
    with pytest.raises(OrgError) as error:
        unit_set_officer(unit=tree.college, role=Role.LIAISON, member=outsider, actor=SYSTEM)
    assert error.value.code == "not_in_unit"


def test_role_grant_is_idempotent(tree):
    member = MemberFactory(unit=tree.college)
    role_grant(member=member, unit=tree.root, role=Role.REPRESENTATIVE, actor=SYSTEM)
    role_grant(member=member, unit=tree.root, role=Role.REPRESENTATIVE, actor=SYSTEM)
    assert RoleAssignment.objects.filter(member=member, role=Role.REPRESENTATIVE).count() == 1


@pytest.mark.parametrize("role", ["judge", "nobody"])
def test_judge_is_no_role_at_a_unit_any_more(tree, personas, role):
    """A judge is a grant on a campaign (campaigns.services.campaign_judges_name); a role the list of
    roles does not name is refused and writes nothing."""
    member = MemberFactory(unit=tree.college)
    with pytest.raises(OrgError) as error:
        role_grant(member=member, unit=tree.root, role=role, actor=personas.office)
    assert (error.value.code, error.value.field) == ("bad_role", "role")
    assert "评委" in error.value.message
    assert not RoleAssignment.objects.filter(member=member).exists()
    assert not AuditEntry.objects.filter(action="orgs.role.granted", data__member=member.staff_no).exists()


def test_roster_apply_creates_updates_and_marks_departures_in_one_batch(tree):
    staying, leaving = MemberFactory(unit=tree.college, name="王芳"), MemberFactory(unit=tree.college)
    changes = RosterChanges(
        creates=[{"staff_no": "2020001", "name": "张伟", "unit_id": tree.sibling.pk}],
        updates=[(staying.pk, {"name": "王芳芳"})],
        departures=[leaving.pk],
        departure_status=MemberStatus.RETIRED,
    )
    result = roster_apply(tenant=tree.tenant, changes=changes, actor=SYSTEM, source="test.xlsx")
    assert (result.created, result.updated, result.departed) == (1, 1, 1)
    created = Member.objects.get(tenant=tree.tenant, staff_no="2020001")
    assert created.name_initials == "zw"
    staying.refresh_from_db()
    assert staying.name == "王芳芳"
    assert staying.name_initials == "wff"
    leaving.refresh_from_db()
    assert leaving.status == MemberStatus.RETIRED
    assert leaving.left_on is not None
    entry = AuditEntry.objects.get(action="orgs.roster.imported")
    assert entry.data["created"] == 1
    assert entry.data["source"] == "test.xlsx"


def test_name_initials():
    assert name_initials("张伟") == "zw"
    assert name_initials("欧阳修") == "oyx"


def test_roster_apply_keeps_birth_year_in_step_with_birth_date(tree):
    from datetime import date

    member = MemberFactory(unit=tree.college, birth_date=date(1980, 1, 1), birth_year=1980)
    roster_apply(
        tenant=tree.tenant,
        changes=RosterChanges(
            creates=[], updates=[(member.pk, {"birth_date": date(1981, 5, 6)})], departures=[]
        ),
        actor=SYSTEM,
        source="t",
    )
    member.refresh_from_db()
    assert member.birth_year == 1981


def test_deactivation_and_departures_are_dated_by_the_service_clock(tree):
    """A replay (the demo records history through the services) dates them on its day, not today."""
    moment = datetime(2011, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    leaver = MemberFactory(unit=tree.library)
    with clock.as_of(moment):
        roster_apply(
            tenant=tree.tenant,
            changes=RosterChanges(creates=[], updates=[], departures=[leaver.pk]),
            actor=SYSTEM,
            source="test",
        )
        unit = unit_deactivate(unit=tree.library, actor=SYSTEM)
    leaver.refresh_from_db()
    assert leaver.left_on == date(2011, 3, 1)
    assert unit.deactivated_at == moment


def test_chair_and_liaison_are_set_together_or_not_at_all(tree, personas):
    new_chair = MemberFactory(unit=tree.college)
    gone = MemberFactory(unit=tree.college, status=MemberStatus.LEFT)
    with pytest.raises(OrgError) as error:
        unit_officers_set(unit=tree.college, chair=new_chair, liaison=gone, actor=personas.office)
    assert error.value.code == "member_inactive"
    chairs = RoleAssignment.objects.filter(unit=tree.college, role=Role.CHAIR).values_list(
        "member", flat=True
    )
    assert list(chairs) == [personas.chair_row.pk]
