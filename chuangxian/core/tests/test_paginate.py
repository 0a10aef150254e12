"""``core.views.paginate``: the page's rows are read in the view, and a count the page knows already
is not asked of the database again."""

import pytest

from chuangxian.core.views import paginate
from chuangxian.orgs.models import Unit

pytestmark = pytest.mark.django_db


def _units(tree):
    return Unit.objects.filter(tenant_id=tree.tenant.pk).order_by("path")


def test_the_rows_are_read_in_the_view(rf, tree, django_assert_num_queries):
    names = [u.name for u in _units(tree)]
    request = rf.get("/", {"page": "2"})
    with django_assert_num_queries(2):  # the count, the page's rows
        page = paginate(request, _units(tree), per_page=2)
    with django_assert_num_queries(0):  # the template only shows them
        assert [u.name for u in page] == names[2:4]
        assert page.paginator.count == 5 and page.paginator.num_pages == 3


def test_a_known_count_is_not_asked_again(rf, tree, django_assert_num_queries):
    names = [u.name for u in _units(tree)]
    request = rf.get("/", {"page": "3"})
    with django_assert_num_queries(1):
        page = paginate(request, _units(tree), per_page=2, count=5)
    assert page.number == 3 and [u.name for u in page] == names[4:]
