from django.test import override_settings
from django.urls import path, reverse

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.core.navigation import page_allows, page_guard
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


def _extra_personas(tree, campaign):
    """Who the shared personas leave out: a judge of the campaign (a grant), the handling office and a
    representative."""
    from chuangxian.campaigns.services import campaign_judges_name
    from chuangxian.core.roles import Role
    from chuangxian.orgs.services import role_grant
    from chuangxian.orgs.tests.factories import MemberFactory, make_user

    judge = MemberFactory(unit=tree.sibling)
    campaign_judges_name(campaign=campaign, members=[judge], actor=SYSTEM)
    users = [make_user(judge)]
    for role, unit in ((Role.HANDLING_OFFICE, tree.library), (Role.REPRESENTATIVE, tree.college)):
        member = MemberFactory(unit=unit if role != Role.REPRESENTATIVE else tree.group)
        role_grant(member=member, unit=unit, role=role, actor=SYSTEM)
        users.append(make_user(member))
    return users


def test_every_menu_entry_opens_for_the_person_who_sees_it(client, tree, personas):
    """The menu offers only what the view behind each entry lets this person open: the platform admin
    (a superuser of no school) used to get 组织机构, 会员查询 and 参与覆盖, three 404s. With a running
    campaign: without one, the plans app's 方案审核 is still a 404 (plans/views.py ``_campaign``)."""
    campaign = make_campaign(tree.tenant)
    people = [
        personas.admin,
        personas.office,
        personas.leader,
        personas.chair,
        personas.liaison,
        personas.member,
        personas.sibling_chair,
        *_extra_personas(tree, campaign),
    ]
    broken = []
    for user in people:
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        for item in response.context["nav_items"] + response.context["nav_office"]:
            status = client.get(item["url"], follow=True).status_code
            if status != 200:
                broken.append((str(user), str(item["label"]), status))
    assert broken == []


def test_platform_admin_menu_has_no_school_pages(client, tree, personas):
    client.force_login(personas.admin)
    response = client.get(reverse("home"))
    labels = [str(i["label"]) for i in response.context["nav_items"] + response.context["nav_office"]]
    assert labels == ["首页", "后台管理"]


def _only_me(user: object) -> bool:
    return False


@page_guard(_only_me)
def _guarded_view(request):  # pragma: no cover - resolved, never called
    raise AssertionError


urlpatterns = [path("orgs/", _guarded_view)]  # this module as a URL configuration of its own


def test_a_page_check_is_remembered_per_url_configuration(tree, personas):
    """page_allows keeps what a path resolves to, keyed by the URL configuration: another
    configuration's answer for the same path is its own."""
    assert page_allows(personas.office, "/orgs/")
    assert page_allows(personas.office, "/orgs/?q=x")
    assert not page_allows(personas.office, "/no-such-page/")
    with override_settings(ROOT_URLCONF=__name__):
        assert not page_allows(personas.office, "/orgs/")
        assert not page_allows(personas.office, "/campaigns/")
    assert page_allows(personas.office, "/orgs/")
