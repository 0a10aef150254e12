import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.activities.models import Activity, Attendance, Registration
from chuangxian.activities.tests.factories import make_activity
from chuangxian.core import clock
from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.usefixtures("in_phase2")


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


def _members(unit, n: int) -> list[Member]:
    Member.objects.bulk_create([MemberFactory.build(unit=unit) for _ in range(n)])
    return list(Member.objects.filter(unit=unit, user__isnull=True).order_by("pk")[:n])


def _signups(tree, activity, n: int) -> list[Member]:
    people = _members(tree.college, n)
    Registration.objects.bulk_create(
        [
            Registration(
                tenant=tree.tenant,
                activity=activity,
                member=m,
                status="confirmed" if i < n - 1 else "waitlisted",
                position=None if i < n - 1 else 1,
            )
            for i, m in enumerate(people)
        ]
    )
    Attendance.objects.create(
        tenant=tree.tenant, activity=activity, member=people[0], method="ticked", at=clock.now()
    )
    return people


def _more_activities(tree, campaign, base, unit, n: int) -> None:
    fields = {
        name: getattr(base, name) for name in ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at")
    }
    Activity.objects.bulk_create(
        [
            Activity(
                tenant=tree.tenant,
                campaign=campaign,
                unit=unit,
                kind="training",
                title=f"培训{i}",
                whole_tenant=True,
                status="published",
                **fields,
            )
            for i in range(n)
        ]
    )


def test_the_chair_exports_the_activities_of_their_college(tree, personas, campaign):
    make_activity(
        campaign,
        tree.college,
        personas.chair,
        whole_tenant=False,
        audience_units=[tree.college],
        title="学院竞赛",
        publish=False,
    )
    make_activity(
        campaign,
        tree.sibling,
        personas.office,
        whole_tenant=False,
        audience_units=[tree.sibling],
        title="数计竞赛",
    )
    result = export_run(actor=personas.chair, name="activities.organised", fmt="xlsx", params={})
    assert isinstance(result, ExportFile)
    header, *rows = _rows(result.content)
    assert header[:3] == ("活动名称", "活动类型", "主办单位")
    assert [(row[0], row[2], row[6]) for row in rows] == [("学院竞赛", "文学与传播学院", "草稿")]


def test_the_export_keeps_the_pages_filters(tree, personas, campaign):
    make_activity(
        campaign,
        tree.college,
        personas.office,
        whole_tenant=False,
        audience_units=[tree.college],
        title="学院竞赛",
    )
    make_activity(
        campaign,
        tree.sibling,
        personas.office,
        whole_tenant=False,
        audience_units=[tree.sibling],
        title="数计竞赛",
        publish=False,
    )
    make_activity(
        campaign,
        tree.sibling,
        personas.office,
        whole_tenant=False,
        audience_units=[tree.sibling],
        title="数计讲座",
    )
    params = {"tab": "organised", "unit": tree.sibling.pk, "status": "draft"}
    result = export_run(actor=personas.office, name="activities.organised", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    assert [row[0] for row in _rows(result.content)[1:]] == ["数计竞赛"]
    result = export_run(actor=personas.office, name="activities.organised", fmt="xlsx", params={"q": "文学"})
    assert isinstance(result, ExportFile)
    assert [row[0] for row in _rows(result.content)[1:]] == ["学院竞赛"]


@pytest.mark.parametrize("persona", ["member", "leader"])
def test_who_organises_nothing_may_not_export_the_organised_list(client, tree, personas, persona):
    actor = getattr(personas, persona)
    with pytest.raises(Refused):
        export_run(actor=actor, name="activities.organised", fmt="xlsx", params={})
    client.force_login(actor)
    assert client.get(reverse("exports:run", args=["activities.organised", "xlsx"])).status_code in (403, 404)


def test_an_other_schools_office_sees_none_of_ours(tree, personas, campaign):
    make_activity(
        campaign,
        tree.college,
        personas.office,
        whole_tenant=False,
        audience_units=[tree.college],
        title="学院竞赛",
    )
    with pytest.raises(Refused):
        export_run(
            actor=personas.other_office,
            name="activities.organised",
            fmt="xlsx",
            params={"unit": tree.college.pk},
        )
    result = export_run(actor=personas.other_office, name="activities.organised", fmt="xlsx", params={})
    assert isinstance(result, ExportFile) and result.rows == 0


def test_the_organiser_exports_the_sign_ups(client, tree, personas, campaign):
    activity = make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college]
    )
    people = _signups(tree, activity, 3)
    result = export_run(
        actor=personas.chair, name="activities.signups", fmt="xlsx", params={"activity": activity.pk}
    )
    assert isinstance(result, ExportFile)
    header, *rows = _rows(result.content)
    assert header == ("工号", "姓名", "单位", "报名状态", "候补顺序", "出席", "签到方式")
    assert [(row[0], row[3], row[4], row[5]) for row in rows] == [
        (people[0].staff_no, "已报名", None, "是"),
        (people[1].staff_no, "已报名", None, "否"),
        (people[2].staff_no, "候补", 1, "否"),
    ]
    assert rows[0][6] == "登记"


@pytest.mark.parametrize("persona", ["sibling_chair", "member", "other_office"])
def test_only_the_organisers_may_export_the_sign_ups(client, tree, personas, campaign, persona):
    activity = make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college]
    )
    actor = getattr(personas, persona)
    with pytest.raises(Refused):
        export_run(actor=actor, name="activities.signups", fmt="xlsx", params={"activity": activity.pk})
    client.force_login(actor)
    url = reverse("exports:run", args=["activities.signups", "xlsx"])
    assert client.get(url, {"activity": activity.pk}).status_code in (403, 404)


def test_the_pages_link_the_exports(client, tree, personas, campaign):
    activity = make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college]
    )
    _signups(tree, activity, 2)
    client.force_login(personas.chair)
    page = client.get(reverse("activities:list"), {"tab": "organised", "kind": "contest"}).content.decode()
    url = reverse("exports:run", args=["activities.organised", "xlsx"]) + "?tab=organised&amp;kind=contest"
    assert url in page
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    page = client.get(reverse("activities:organise", args=[activity.pk])).content.decode()
    url = reverse("exports:run", args=["activities.signups", "xlsx"]) + f"?activity={activity.pk}"
    assert url in page
    assert client.get(url).status_code == 200
    page = client.get(reverse("activities:list"), {"tab": "open"}).content.decode()
    assert "activities.organised" not in page


@pytest.mark.parametrize("n", [5, 200])
def test_export_query_counts_do_not_grow(tree, personas, campaign, django_assert_max_num_queries, n):
    activity = make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college]
    )
    _more_activities(tree, campaign, activity, tree.college, n)
    _signups(tree, activity, n)
    with django_assert_max_num_queries(8):
        result = export_run(actor=personas.chair, name="activities.organised", fmt="xlsx", params={})
    assert isinstance(result, ExportFile) and result.rows == n + 1
    with django_assert_max_num_queries(8):
        result = export_run(
            actor=personas.chair, name="activities.signups", fmt="xlsx", params={"activity": activity.pk}
        )
    assert isinstance(result, ExportFile) and result.rows == n
