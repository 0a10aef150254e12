"""actors_prime: the roster rows and roles of many logins read at once, for the batched services."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuangxian.accounts.models import User
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.permissions import actors_prime, member_for, role_assignments_for


def _fresh(*users: User) -> list[User]:
    """The same logins, loaded anew (no cache of an earlier rule call)."""
    return [User.objects.get(pk=u.pk) for u in users]


def test_primed_logins_answer_the_rules_as_before_without_a_query(personas):
    logins = [personas.member, personas.chair, personas.office, personas.other_office, personas.admin]
    expected = [(member_for(u), role_assignments_for(u)) for u in _fresh(*logins)]
    primed = _fresh(*logins)
    with CaptureQueriesContext(connection) as queries:
        actors_prime([*primed, SYSTEM])
    assert len(queries) == 4  # a roster query and a role query for each of the two schools
    with CaptureQueriesContext(connection) as queries:
        answers = [(member_for(u), role_assignments_for(u)) for u in primed]
    assert len(queries) == 0
    assert answers == expected
    assert answers[1][1] and answers[1][0].unit.name == "文学与传播学院"


def test_an_actor_already_asked_about_is_left_as_it_is(personas):
    (chair,) = _fresh(personas.chair)
    roles = role_assignments_for(chair)
    with CaptureQueriesContext(connection) as queries:
        actors_prime([chair])
    assert len(queries) == 0
    assert role_assignments_for(chair) is roles
