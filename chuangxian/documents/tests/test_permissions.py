import pytest

from chuangxian.core.errors import NotFoundError
from chuangxian.documents.permissions import access_notice, can_manage_notices, can_read_notice
from chuangxian.documents.tests.factories import make_notice


def test_only_the_office_manages_notices(tree, personas):
    assert can_manage_notices(personas.office, tree.tenant.pk)
    assert can_manage_notices(personas.admin, tree.tenant.pk)
    for user in (personas.leader, personas.chair, personas.liaison, personas.member, personas.other_office):
        assert not can_manage_notices(user, tree.tenant.pk)


def test_members_read_issued_notices_but_not_drafts(tree, personas):
    draft = make_notice(tree.tenant)
    issued = make_notice(tree.tenant, issue=True)
    for user in (personas.member, personas.chair, personas.sibling_chair, personas.leader):
        assert can_read_notice(user, issued)
        assert not can_read_notice(user, draft)
        with pytest.raises(NotFoundError):
            access_notice(user, draft.pk)
        with pytest.raises(NotFoundError):
            access_notice(user, issued.pk, manage=True)
    assert access_notice(personas.office, draft.pk, manage=True) == draft


def test_other_tenant_sees_nothing(tree, personas):
    issued = make_notice(tree.tenant, issue=True)
    with pytest.raises(NotFoundError):
        access_notice(personas.other_office, issued.pk)
    with pytest.raises(NotFoundError):
        access_notice(personas.office, 999999)
