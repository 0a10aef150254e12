"""The permission matrix: each role against its own unit, a child unit, a sibling unit, another tenant."""

import pytest

from chuangxian.core.errors import NotFoundError
from chuangxian.orgs.permissions import access_unit, can_configure_tenant, can_manage_unit, can_view_unit

# (persona, unit) -> (can view, can manage)
MATRIX = {
    "office": {"own": (True, True), "child": (True, True), "sibling": (True, True), "other": (False, False)},
    "leader": {
        "own": (True, False),
        "child": (True, False),
        "sibling": (True, False),
        "other": (False, False),
    },
    "chair": {"own": (True, True), "child": (True, True), "sibling": (False, False), "other": (False, False)},
    "liaison": {
        "own": (True, True),
        "child": (True, True),
        "sibling": (False, False),
        "other": (False, False),
    },
    "member": {
        "own": (True, False),
        "child": (False, False),
        "sibling": (False, False),
        "other": (False, False),
    },
    "sibling_chair": {
        "own": (True, True),
        "child": (False, False),
        "sibling": (False, False),
        "other": (False, False),
    },
    "other_office": {
        "own": (True, True),
        "child": (True, True),
        "sibling": (True, True),
        "other": (False, False),
    },
}


def units_for(name, tree):
    """own / child / sibling / other-tenant unit relative to where the persona sits."""
    if name in ("office", "leader"):
        return {"own": tree.root, "child": tree.college, "sibling": tree.library, "other": tree.other_unit}
    if name in ("chair", "liaison"):
        return {"own": tree.college, "child": tree.group, "sibling": tree.sibling, "other": tree.other_unit}
    if name == "member":
        return {"own": tree.group, "child": tree.college, "sibling": tree.sibling, "other": tree.other_unit}
    if name == "sibling_chair":
        return {"own": tree.sibling, "child": tree.group, "sibling": tree.college, "other": tree.other_unit}
    return {
        "own": tree.other_root,
        "child": tree.other_unit,
        "sibling": tree.other_unit,
        "other": tree.college,
    }


@pytest.mark.parametrize("persona", list(MATRIX))
@pytest.mark.parametrize("relation", ["own", "child", "sibling", "other"])
def test_permission_matrix(tree, personas, persona, relation):
    user = getattr(personas, persona)
    unit = units_for(persona, tree)[relation]
    can_view, can_manage = MATRIX[persona][relation]
    assert can_view_unit(user, unit) is can_view
    assert can_manage_unit(user, unit) is can_manage
    if can_view:
        assert access_unit(user, unit.pk) == unit
    else:
        with pytest.raises(NotFoundError):
            access_unit(user, unit.pk)


def test_missing_and_forbidden_look_the_same(tree, personas):
    with pytest.raises(NotFoundError) as missing:
        access_unit(personas.chair, 999_999)
    with pytest.raises(NotFoundError) as forbidden:
        access_unit(personas.chair, tree.sibling.pk)
    assert missing.value.message == forbidden.value.message


def test_only_the_office_configures_its_tenant(tree, personas):
    assert can_configure_tenant(personas.office, tree.tenant.pk)
    assert can_configure_tenant(personas.admin, tree.tenant.pk)
    for name in ("leader", "chair", "liaison", "member", "sibling_chair"):
        assert not can_configure_tenant(getattr(personas, name), tree.tenant.pk), name
    assert not can_configure_tenant(personas.other_office, tree.tenant.pk)


def test_role_at_deactivated_unit_grants_nothing(tree, personas):
    from chuangxian.orgs.models import Unit

    Unit.objects.filter(pk=tree.college.pk).update(is_active=False)
    chair = type(personas.chair).objects.get(pk=personas.chair.pk)
    assert not can_manage_unit(chair, tree.group)
