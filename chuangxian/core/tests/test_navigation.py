from django.urls import reverse

from chuangxian.notifications.services import notify


def _active(response):
    nav = response.context["nav_items"] + response.context["nav_office"]
    return [item["label"] for item in nav if item["active"]]


def test_one_item_is_active_the_most_specific(client, tree, personas):
    client.force_login(personas.office)
    assert _active(client.get(reverse("orgs:tree"))) == ["组织机构"]
    member_page = client.get(reverse("orgs:member_detail", args=[personas.member_row.pk]))
    assert _active(member_page) == ["会员查询"]
    assert _active(client.get(reverse("roster:start"))) == ["名册导入"]
    assert client.get(reverse("roster:start")).context["nav_office_active"]


def test_unread_notices_are_counted_on_the_bell(client, tree, personas):
    notify(tenant_id=tree.tenant.pk, recipients=[personas.member_row], kind="test", title="一条通知")
    client.force_login(personas.member)
    nav = client.get(reverse("home")).context["nav_items"]
    assert [item["badge"] for item in nav if item["icon"] == "bell"] == [1]
