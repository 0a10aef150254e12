import pytest

from chuangxian.core.errors import NotFoundError
from chuangxian.pledges.permissions import (
    access_pledge,
    access_review_unit,
    access_wall_unit,
    can_review_pledge,
    can_view_pledge,
)
from chuangxian.pledges.services import pledge_review

pytestmark = pytest.mark.usefixtures("phase2")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("chair", True),
        ("liaison", True),
        ("office", True),
        ("sibling_chair", False),
        ("leader", False),
        ("member", False),
    ],
)
def test_who_reviews_a_pledge_of_the_college_subtree(personas, submitted, who, allowed):
    assert can_review_pledge(getattr(personas, who), submitted) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("member", True),
        ("chair", True),
        ("office", True),
        ("sibling_chair", False),
        ("leader", False),
        ("other_office", False),
    ],
)
def test_a_pledge_under_review_is_seen_by_owner_and_managers_only(personas, submitted, who, allowed):
    assert can_view_pledge(getattr(personas, who), submitted) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"), [("sibling_chair", True), ("leader", True), ("other_office", False)]
)
def test_a_published_pledge_is_public_within_the_tenant(personas, submitted, who, allowed):
    pledge = pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    assert can_view_pledge(getattr(personas, who), pledge) is allowed


def test_access_pledge_from_another_tenant_is_not_found(personas, submitted):
    pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    with pytest.raises(NotFoundError):
        access_pledge(personas.other_office, submitted.pk)
    with pytest.raises(NotFoundError):
        access_pledge(personas.member, 999_999)


def test_walls_are_open_within_the_tenant_only(tree, personas):
    assert access_wall_unit(personas.sibling_chair, tree.college.pk) == tree.college
    with pytest.raises(NotFoundError):
        access_wall_unit(personas.other_office, tree.college.pk)


def test_review_queue_only_for_the_units_managers(tree, personas):
    assert access_review_unit(personas.chair, tree.college.pk) == tree.college
    for who in ("sibling_chair", "member", "leader", "other_office"):
        with pytest.raises(NotFoundError):
            access_review_unit(getattr(personas, who), tree.college.pk)
