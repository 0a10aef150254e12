"""The inbox's search box and filters (text, read or unread, the day it was sent)."""

import pytest
import time_machine
from django.urls import reverse

from chuangxian.notifications.models import Notification
from chuangxian.notifications.services import notification_mark_read, notify


def _send(tree, member, title, body="", when="2011-03-01 10:00 +0800"):
    with time_machine.travel(when, tick=False):
        (notice,) = notify(tenant_id=tree.tenant.pk, recipients=[member], kind="test", title=title, body=body)
    return notice


def _titles(client, **params) -> list[str]:
    response = client.get(reverse("notifications:inbox"), params)
    assert response.status_code == 200
    return [n.title for n in response.context["page"].object_list]


@pytest.fixture
def inbox(tree, personas):
    member = personas.member_row
    plan = _send(tree, member, "请提交工会活动方案", body="截止 3 月 15 日", when="2011-03-01 10:00 +0800")
    _send(tree, member, "动员大会通知", when="2011-03-05 23:30 +0800")
    _send(tree, personas.chair_row, "给主席的方案通知")
    notification_mark_read(member=member, notification_ids=[plan.pk], actor=personas.member)


def test_search_status_and_dates(client, personas, inbox):
    client.force_login(personas.member)
    assert _titles(client, q="方案") == ["请提交工会活动方案"]  # never another member's notice
    assert _titles(client, q="3 月 15") == ["请提交工会活动方案"]  # the body too
    assert _titles(client, status="unread") == ["动员大会通知"]
    assert _titles(client, status="read") == ["请提交工会活动方案"]
    # 23:30 in Shanghai is still the 5th there (15:30 UTC): the days are local ones.
    assert _titles(client, start="2011-03-05", end="2011-03-05") == ["动员大会通知"]
    assert _titles(client, end="2011-03-04") == ["请提交工会活动方案"]


@pytest.mark.parametrize("n", [10, 300])
def test_filtered_inbox_query_count_is_flat(client, tree, personas, django_assert_max_num_queries, n):
    Notification.objects.bulk_create(
        Notification(tenant=tree.tenant, recipient=personas.member_row, kind="test", title=f"提醒{i}")
        for i in range(n)
    )
    client.force_login(personas.member)
    params = {"q": "提醒", "status": "unread", "start": "2000-01-01", "end": "2100-01-01"}
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:inbox"), params)
    assert response.context["page"].paginator.count == n
