"""The batched pledge services (the demo's replay): as many queries for a hundred members as for a few."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuangxian.accounts.models import User
from chuangxian.accounts.services_bulk import accounts_create_for_members
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.pledges.models import Pledge, PledgeProgress, PledgeStatus
from chuangxian.pledges.services_bulk import (
    PledgeProgressItem,
    PledgeReviewItem,
    PledgeSubmission,
    pledges_progress_add_many,
    pledges_review_many,
    pledges_submit_many,
)
from chuangxian.pledges.tests.conftest import CONTENT

pytestmark = pytest.mark.usefixtures("phase2")


def _replay(tree, personas, campaign, size: int) -> list[int]:
    """Logins, submissions, reviews and progress for ``size`` new members; the queries of each batch."""
    members = [MemberFactory(unit=tree.group) for _ in range(size)]
    counts = []
    with CaptureQueriesContext(connection) as queries:
        logins = accounts_create_for_members(members=members, actor=SYSTEM)
    counts.append(len(queries))
    now = clock.now()
    chair = User.objects.get(pk=personas.chair.pk)  # asked about anew in each replay
    with CaptureQueriesContext(connection) as queries:
        pledges = pledges_submit_many(
            campaign=campaign,
            items=[PledgeSubmission(by=logins[m.pk], member=m, content=CONTENT, at=now) for m in members],
            actor=SYSTEM,
        )
    counts.append(len(queries))
    with CaptureQueriesContext(connection) as queries:
        pledges_review_many(
            items=[PledgeReviewItem(by=chair, pledge=p, approve=True, at=now) for p in pledges],
            actor=SYSTEM,
        )
    counts.append(len(queries))
    with CaptureQueriesContext(connection) as queries:
        pledges_progress_add_many(
            items=[
                PledgeProgressItem(
                    by=logins[p.member_id], pledge=p, on=date(2011, 3, 1), text="答疑两次", at=now
                )
                for p in pledges
            ],
            actor=SYSTEM,
        )
    counts.append(len(queries))
    assert (
        Pledge.objects.filter(pk__in=[p.pk for p in pledges], status=PledgeStatus.FULFILLING).count() == size
    )
    assert PledgeProgress.objects.filter(pledge__in=pledges).count() == size
    return counts


def test_batches_read_each_author_and_write_each_table_in_a_fixed_number_of_queries(tree, personas, campaign):
    few = _replay(tree, personas, campaign, 2)
    many = _replay(tree, personas, campaign, 30)  # one INSERT each still (SQLite's 999 parameters)
    assert many == few, (few, many)


def test_logins_created_in_a_batch_are_linked_to_their_members(tree):
    members = [MemberFactory(unit=tree.group) for _ in range(4)]
    logins = accounts_create_for_members(members=members, actor=SYSTEM)
    for member in members:
        member.refresh_from_db()
        assert member.user_id == logins[member.pk].pk
        assert member.user.staff_no == member.staff_no and member.user.must_change_password
