import pytest
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, RoleAssignment, Unit, UnitKind
from chuangxian.orgs.services import unit_create
from chuangxian.orgs.tests.factories import MemberFactory


def login(client, user):
    client.force_login(user)
    return client


def test_tree_lists_whole_tenant_for_office_and_subtree_for_chair(client, tree, personas):
    page = login(client, personas.office).get(reverse("orgs:tree")).content.decode()
    assert "数学与计算机科学学院" in page
    assert "中文系工会小组" in page
    assert "外校学院" not in page
    page = login(client, personas.chair).get(reverse("orgs:tree")).content.decode()
    assert "中文系工会小组" in page
    assert "数学与计算机科学学院" not in page


def test_plain_member_has_no_tree_but_sees_own_unit(client, tree, personas):
    login(client, personas.member)
    assert client.get(reverse("orgs:tree")).status_code == 404
    assert client.get(reverse("orgs:unit_detail", args=[tree.group.pk])).status_code == 200
    assert client.get(reverse("orgs:unit_detail", args=[tree.sibling.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["chair", "leader", "member", "other_office"])
def test_only_office_creates_units(client, tree, personas, persona):
    login(client, getattr(personas, persona))
    response = client.post(
        reverse("orgs:unit_create", args=[tree.college.pk]), {"name": "新系", "kind": "group"}
    )
    assert response.status_code == 404
    assert not Unit.objects.filter(name="新系").exists()


def test_office_creates_renames_moves_and_deactivates_a_unit(client, tree, personas):
    login(client, personas.office)
    response = client.post(
        reverse("orgs:unit_create", args=[tree.root.pk]),
        {"name": "海洋学院", "kind": UnitKind.SUB_UNION, "category": "college"},
    )
    unit = Unit.objects.get(name="海洋学院")
    assert response.url == reverse("orgs:unit_detail", args=[unit.pk])
    client.post(
        reverse("orgs:unit_edit", args=[unit.pk]),
        {"name": "海洋与食品学院", "kind": "sub_union", "category": "college"},
    )
    unit.refresh_from_db()
    assert unit.name == "海洋与食品学院"
    client.post(reverse("orgs:unit_move", args=[unit.pk]), {"parent": tree.sibling.pk})
    unit.refresh_from_db()
    assert unit.path.startswith(tree.sibling.path)
    client.post(reverse("orgs:unit_status", args=[unit.pk, "deactivate"]))
    unit.refresh_from_db()
    assert not unit.is_active
    actions = set(AuditEntry.objects.filter(target_id=str(unit.pk)).values_list("action", flat=True))
    assert {"orgs.unit.created", "orgs.unit.updated", "orgs.unit.moved", "orgs.unit.deactivated"} <= actions


def test_duplicate_name_shows_message_and_saves_nothing(client, tree, personas):
    login(client, personas.office)
    count = Unit.objects.count()
    response = client.post(
        reverse("orgs:unit_create", args=[tree.root.pk]), {"name": "图书馆", "kind": "sub_union"}
    )
    assert response.status_code == 200
    assert "已有名为「图书馆」的组织" in response.content.decode()
    assert Unit.objects.count() == count


def test_deactivating_a_unit_with_members_explains_why_not(client, tree, personas):
    MemberFactory(unit=tree.library)
    login(client, personas.office)
    response = client.post(reverse("orgs:unit_status", args=[tree.library.pk, "deactivate"]), follow=True)
    assert "在职会员" in response.content.decode()
    assert Unit.objects.get(pk=tree.library.pk).is_active


def test_office_sets_chair_and_liaison(client, tree, personas):
    a, b = MemberFactory(unit=tree.sibling, name="甲"), MemberFactory(unit=tree.sibling, name="乙")
    login(client, personas.office)
    client.post(reverse("orgs:unit_officers", args=[tree.sibling.pk]), {"chair": a.pk, "liaison": b.pk})
    roles = dict(RoleAssignment.objects.filter(unit=tree.sibling).values_list("role", "member_id"))
    assert roles == {Role.CHAIR: a.pk, Role.LIAISON: b.pk}


def test_member_search_by_name_staff_number_and_pinyin(client, tree, personas):
    target = MemberFactory(unit=tree.college, name="欧阳修", staff_no="1999001")
    MemberFactory(unit=tree.other_unit, name="欧阳修", staff_no="1999002")
    login(client, personas.office)
    for query in ("欧阳", "1999001", "oyx"):
        page = client.get(reverse("orgs:member_search"), {"q": query}).content.decode()
        assert reverse("orgs:member_detail", args=[target.pk]) in page, query
        assert "1999002" not in page


def test_chair_search_is_limited_to_subtree(client, tree, personas):
    MemberFactory(unit=tree.sibling, name="司马光", staff_no="1998001")
    page = login(client, personas.chair).get(reverse("orgs:member_search"), {"q": "司马"}).content.decode()
    assert "1998001" not in page


def test_unit_member_list_hides_phone_from_plain_members(client, tree, personas):
    MemberFactory(unit=tree.group, name="钱七", phone="13805951234")
    assert (
        "13805951234"
        in login(client, personas.chair)
        .get(reverse("orgs:unit_members", args=[tree.group.pk]))
        .content.decode()
    )
    assert (
        "13805951234"
        not in login(client, personas.member)
        .get(reverse("orgs:unit_members", args=[tree.group.pk]))
        .content.decode()
    )


def test_office_grants_and_revokes_roles(client, tree, personas):
    target = MemberFactory(unit=tree.college)
    login(client, personas.office)
    client.post(
        reverse("orgs:member_role_grant", args=[target.pk]),
        {"role": Role.REPRESENTATIVE, "unit": tree.root.pk},
    )
    assignment = RoleAssignment.objects.get(member=target, role=Role.REPRESENTATIVE)
    client.post(reverse("orgs:member_role_revoke", args=[target.pk, assignment.pk]))
    assert not RoleAssignment.objects.filter(member=target).exists()


def test_the_role_form_offers_no_judge_and_refuses_one(client, tree, personas):
    """A judge is named on a campaign for its term (a grant), not at a unit: the member page's role
    list has no 评委 and a forged post of it grants nothing."""
    target = MemberFactory(unit=tree.college)
    login(client, personas.office)
    page = client.get(reverse("orgs:member_detail", args=[target.pk])).content.decode()
    assert 'value="representative"' in page and 'value="judge"' not in page
    assert "评委不是单位的角色" in page
    response = client.post(
        reverse("orgs:member_role_grant", args=[target.pk]),
        {"role": "judge", "unit": tree.root.pk},
        follow=True,
    )
    assert "请选择角色和组织" in response.content.decode()
    assert not RoleAssignment.objects.filter(member=target).exists()


def test_chair_cannot_grant_roles(client, tree, personas):
    target = MemberFactory(unit=tree.college)
    login(client, personas.chair)
    response = client.post(
        reverse("orgs:member_role_grant", args=[target.pk]), {"role": Role.OFFICE, "unit": tree.root.pk}
    )
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(member=target).exists()


def test_office_resets_password(client, tree, personas):
    login(client, personas.office)
    client.post(reverse("orgs:member_password_reset", args=[personas.member_row.pk]))
    user = Member.objects.get(pk=personas.member_row.pk).user
    assert user.must_change_password
    assert not user.has_usable_password()


@pytest.mark.parametrize("units", [5, 60])
def test_tree_query_count_does_not_grow(client, django_assert_max_num_queries, tree, personas, units):
    for i in range(units):
        unit = unit_create(
            tenant=tree.tenant, parent=tree.root, name=f"单位{i}", kind="sub_union", actor=SYSTEM
        )
        MemberFactory.create_batch(3, unit=unit)
    login(client, personas.office)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("orgs:tree")).status_code == 200


@pytest.mark.parametrize("members", [10, 300])
def test_member_list_query_count_does_not_grow(
    client, django_assert_max_num_queries, tree, personas, members
):
    MemberFactory.create_batch(members, unit=tree.group)
    login(client, personas.office)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("orgs:unit_members", args=[tree.college.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("orgs:member_search"), {"q": "张"}).status_code == 200


def test_long_member_list_pages_to_the_first_and_last_page(client, tree, personas):
    MemberFactory.create_batch(120, unit=tree.sibling)
    login(client, personas.office)
    page = client.get(reverse("orgs:unit_members", args=[tree.sibling.pk]), {"page": 2}).content.decode()
    pagination = page[page.index('class="pagination') :]
    assert "?page=1" in pagination and "第一页" in pagination
    assert "?page=3" in pagination and "末页" in pagination
    assert "首页" not in pagination  # the nav's 首页 (home page), translated as "Home"


def test_role_and_move_pickers_start_blank_and_a_blank_choice_changes_nothing(client, tree, personas):
    target = MemberFactory(unit=tree.college)
    login(client, personas.office)
    page = client.get(reverse("orgs:member_detail", args=[target.pk])).content.decode()
    assert '<option value="" selected>（请选择角色）</option>' in page
    assert '<option value="" selected>（请选择组织）</option>' in page
    response = client.post(
        reverse("orgs:member_role_grant", args=[target.pk]), {"role": "", "unit": ""}, follow=True
    )
    assert "请选择角色和组织。" in response.content.decode()
    assert not RoleAssignment.objects.filter(member=target).exists()
    path = tree.library.path
    response = client.post(reverse("orgs:unit_move", args=[tree.library.pk]), {"parent": ""})
    assert response.status_code == 200 and "这个字段是必填项。" in response.content.decode()
    tree.library.refresh_from_db()
    assert tree.library.path == path


def _member_cells(page: str, unit: Unit) -> tuple[str, ...]:
    """The number cells of the unit's row on the tree page: 本级, 含下级."""
    import re

    row = page.split(f'href="{reverse("orgs:unit_detail", args=[unit.pk])}"', 1)[1].split("</tr>", 1)[0]
    return tuple(re.findall(r'<td class="text-end[^"]*"[^>]*>\s*(\d+)\s*</td>', row))


def test_tree_shows_members_of_the_unit_itself_and_of_its_subtree(client, tree, personas):
    """Coverage counts a college with its groups: the tree says both numbers, labelled."""
    base = {u: Member.objects.filter(unit=u, status="active").count() for u in (tree.college, tree.group)}
    MemberFactory.create_batch(2, unit=tree.college)
    MemberFactory.create_batch(3, unit=tree.group)
    MemberFactory(unit=tree.group, status="left")
    page = login(client, personas.office).get(reverse("orgs:tree")).content.decode()
    assert "本级" in page and "含下级" in page
    own, subtree = base[tree.college] + 2, base[tree.college] + 2 + base[tree.group] + 3
    assert _member_cells(page, tree.college) == (str(own), str(subtree))
    assert _member_cells(page, tree.group) == (str(base[tree.group] + 3),) * 2
    # A filter that hides the groups does not shrink the college's subtree.
    page = client.get(reverse("orgs:tree"), {"category": "college"}).content.decode()
    assert _member_cells(page, tree.college) == (str(own), str(subtree))


@pytest.mark.parametrize("groups", [1, 12])
def test_tree_query_count_does_not_grow_with_the_tree(
    client, tree, personas, groups, django_assert_num_queries
):
    for i in range(groups):
        group = unit_create(
            tenant=tree.tenant,
            parent=tree.college,
            name=f"小组{i}",
            kind=UnitKind.GROUP,
            category="",
            actor=SYSTEM,
        )
        MemberFactory.create_batch(2, unit=group)
    login(client, personas.office)
    with django_assert_num_queries(8):
        assert client.get(reverse("orgs:tree")).status_code == 200
