"""Pledges on the shared review cycle: each submission a version, each review a decision, and the
修改记录/对比 page for the member and the unit's managers."""

from dataclasses import replace

import pytest
from django.urls import reverse

from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.pledges.services import PLEDGE_CYCLE, PledgeError, pledge_review, pledge_submit
from chuangxian.pledges.services_bulk import (
    PledgeReviewItem,
    PledgeSubmission,
    pledges_review_many,
    pledges_submit_many,
)
from chuangxian.pledges.tests.conftest import CONTENT
from chuangxian.review.models import Decision, Outcome
from chuangxian.review.selectors import decisions_of, revisions_of

pytestmark = pytest.mark.usefixtures("phase2")


def _return_and_resubmit(personas, campaign, pledge):
    pledge_review(pledge=pledge, approve=False, comment="请写明每周几答疑", actor=personas.chair)
    return pledge_submit(
        member=personas.member_row,
        campaign=campaign,
        content=replace(CONTENT, content="本学期每周二、四答疑两次"),
        actor=personas.member,
    )


def test_each_submission_is_a_version_and_each_review_a_decision(personas, campaign, submitted):
    pledge = _return_and_resubmit(personas, campaign, submitted)
    pledge_review(pledge=pledge, approve=True, actor=personas.chair)
    first, second = revisions_of(pledge)
    assert (first.number, second.number) == (1, 2)
    assert dict(first.fields)["承诺内容"] == "本学期每周答疑两次"
    assert dict(second.fields)["承诺内容"] == "本学期每周二、四答疑两次"
    assert dict(second.fields)["完成时限"] == "2011-07-01" and second.submitted_by == personas.member
    approved, returned = decisions_of(pledge)
    assert (returned.decision, returned.comment, returned.number) == (Outcome.RETURNED, "请写明每周几答疑", 1)
    assert (approved.decision, approved.reviewer, approved.number) == (Outcome.APPROVED, personas.chair, 2)


def test_a_draft_is_not_a_version_and_a_refused_review_records_nothing(personas, campaign):
    pledge = pledge_submit(
        member=personas.member_row, campaign=campaign, content=CONTENT, submit=False, actor=personas.member
    )
    assert revisions_of(pledge) == []
    pledge_submit(member=personas.member_row, campaign=campaign, content=CONTENT, actor=personas.member)
    with pytest.raises(PledgeError) as error:
        pledge_review(pledge=pledge, approve=False, comment=" ", actor=personas.chair)
    assert error.value.code == "comment_required"
    assert not Decision.objects.exists() and len(revisions_of(pledge)) == 1


def test_the_system_reviews_as_system(personas, submitted):
    pledge_review(pledge=submitted, approve=True, actor=SYSTEM)
    (decision,) = decisions_of(submitted)
    assert decision.reviewer is None and decision.decision == Outcome.APPROVED


def test_the_cycle_is_the_pledges_table():
    assert PLEDGE_CYCLE.can_move("in_review", "published")
    assert not PLEDGE_CYCLE.can_move("draft", "published")
    assert PLEDGE_CYCLE.can_move("returned", "in_review")


def test_history_page_compares_the_versions_for_the_member_and_the_chair(
    client, personas, campaign, submitted
):
    pledge = _return_and_resubmit(personas, campaign, submitted)
    for user in (personas.member, personas.chair):
        client.force_login(user)
        detail = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
        assert reverse("pledges:history", args=[pledge.pk]) in detail and "修改记录/对比" in detail
        page = client.get(reverse("pledges:history", args=[pledge.pk])).content.decode()
        assert "第1版" in page and "第2版" in page
        assert '<ins class="bg-success-subtle">二、四</ins>' in page
        assert "请写明每周几答疑" in page


def test_history_is_not_for_the_rest_of_the_tenant(client, personas, submitted):
    pledge_review(pledge=submitted, approve=True, actor=personas.chair)  # public on the wall now
    client.force_login(personas.sibling_chair)
    assert client.get(reverse("pledges:detail", args=[submitted.pk])).status_code == 200
    detail = client.get(reverse("pledges:detail", args=[submitted.pk])).content.decode()
    assert "修改记录/对比" not in detail
    assert client.get(reverse("pledges:history", args=[submitted.pk])).status_code == 404
    client.force_login(personas.other_office)
    assert client.get(reverse("pledges:history", args=[submitted.pk])).status_code == 404


def test_history_page_query_count_does_not_grow_with_versions(
    client, personas, campaign, submitted, django_assert_max_num_queries
):
    pledge = submitted
    for _round in range(4):
        pledge = _return_and_resubmit(personas, campaign, pledge)
    client.force_login(personas.chair)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pledges:history", args=[pledge.pk]))
    assert response.status_code == 200


def test_the_batched_services_keep_the_same_versions_and_decisions(personas, campaign):
    """The demo's replay (services_bulk) records what pledge_submit and pledge_review record."""
    at = clock.now()
    (pledge,) = pledges_submit_many(
        campaign=campaign,
        items=[PledgeSubmission(by=personas.member, member=personas.member_row, content=CONTENT, at=at)],
        actor=SYSTEM,
    )
    with pytest.raises(PledgeError) as error:
        pledges_review_many(
            items=[PledgeReviewItem(by=personas.chair, pledge=pledge, approve=False, at=at)], actor=SYSTEM
        )
    assert error.value.code == "comment_required" and not Decision.objects.exists()
    pledges_review_many(
        items=[PledgeReviewItem(by=personas.chair, pledge=pledge, approve=False, comment="具体些", at=at)],
        actor=SYSTEM,
    )
    (pledge,) = pledges_submit_many(
        campaign=campaign,
        items=[
            PledgeSubmission(
                by=personas.member,
                member=personas.member_row,
                content=replace(CONTENT, content="本学期每周二、四答疑两次"),
                at=at,
            )
        ],
        actor=SYSTEM,
    )
    pledges_review_many(
        items=[PledgeReviewItem(by=personas.chair, pledge=pledge, approve=True, at=at)], actor=SYSTEM
    )
    assert [(r.number, dict(r.fields)["承诺内容"], r.submitted_by) for r in revisions_of(pledge)] == [
        (1, "本学期每周答疑两次", personas.member),
        (2, "本学期每周二、四答疑两次", personas.member),
    ]
    assert [(d.number, d.decision, d.comment, d.reviewer) for d in decisions_of(pledge)] == [
        (2, Outcome.APPROVED, "", personas.chair),
        (1, Outcome.RETURNED, "具体些", personas.chair),
    ]
