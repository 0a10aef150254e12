"""The back office lists pledges and the 评诺 settings read-only, tenant by tenant."""

import pytest
from django.urls import reverse

from chuangxian.orgs.tests.factories import make_user
from chuangxian.pledges.rating import pledge_rating_config_set
from chuangxian.pledges.services import pledge_progress_add, pledge_review

pytestmark = pytest.mark.usefixtures("phase2")


@pytest.fixture
def published(personas, submitted):
    pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    pledge_progress_add(
        pledge=submitted, on=submitted.submitted_at.date(), text="第一次答疑", actor=personas.member
    )
    pledge_rating_config_set(
        campaign=submitted.campaign,
        scale=[("优秀", 95), ("合格", 80)],
        weights={"self": 1, "peer": 1, "leader": 1, "org": 1},
        top_share=(1, 3),
        actor=personas.office,
    )
    return submitted


def test_changelists_and_change_page_render_for_the_superuser(client, personas, published):
    client.force_login(personas.admin)
    page = client.get(reverse("admin:pledges_pledge_changelist"))
    assert page.status_code == 200 and "普通会员" in page.text
    assert client.get(reverse("admin:pledges_pledgeratingconfig_changelist")).status_code == 200
    detail = client.get(reverse("admin:pledges_pledge_change", args=[published.pk]))
    assert detail.status_code == 200 and "第一次答疑" in detail.text
    assert (
        client.get(
            reverse("admin:pledges_pledge_changelist"), {"q": "普通", "status__exact": "fulfilling"}
        ).status_code
        == 200
    )


def test_back_office_is_read_only(client, personas, published):
    client.force_login(personas.admin)
    assert client.get(reverse("admin:pledges_pledge_add")).status_code == 403
    client.post(reverse("admin:pledges_pledge_delete", args=[published.pk]), {"post": "yes"})
    published.refresh_from_db()
    response = client.post(reverse("admin:pledges_pledge_change", args=[published.pk]), {"status": "rated"})
    published.refresh_from_db()
    assert response.status_code == 403 and published.status == "fulfilling"


def test_a_superuser_of_another_tenant_does_not_see_these_pledges(client, tree, personas, published):
    other_admin = make_user(None, tenant=tree.other_tenant, is_superuser=True, is_staff=True)
    client.force_login(other_admin)
    assert "普通会员" not in client.get(reverse("admin:pledges_pledge_changelist")).text
    assert client.get(reverse("admin:pledges_pledge_change", args=[published.pk])).status_code == 302


def test_changelist_queries_do_not_grow(client, tree, personas, campaign, django_assert_max_num_queries):
    from chuangxian.pledges.tests.test_views import _many_pledges

    _many_pledges(tree, campaign, 120, "published")
    client.force_login(personas.admin)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("admin:pledges_pledge_changelist")).status_code == 200
