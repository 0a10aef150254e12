"""Browser journey of the announcement (issue 16, point 4): at the selection's final stage the office
announces the winners (all ticked by default), edits the certificate template with a preview and
flags an exemplar; a winner opens the results on a phone and downloads their certificate, a PDF; the
exemplar shows on the exemplars' page. Run with the tenant guard raising."""

import pytest
from playwright.sync_api import expect

from chuangxian.awards.models import Award
from chuangxian.awards.tests.factories import final_selection
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.orgs.tests.factories import MemberFactory
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_office_announces_and_a_winner_downloads_the_certificate_on_a_phone(
    new_context, tree, personas, settings
):
    settings.TENANT_QUERY_CHECK = "raise"
    colleague = MemberFactory(unit=tree.college, name="郑老师")
    selection, _entries = final_selection(
        tree.tenant,
        make_campaign(tree.tenant),
        [(tree.college, personas.member_row), (tree.college, colleague)],
    )

    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto(f"/awards/selections/{selection.pk}/")
    office.get_by_role("link", name="公布获奖名单").click()
    expect(office.locator("input[name=entries]:checked")).to_have_count(2)
    office.get_by_role("button", name="公布", exact=True).click()
    expect(office.get_by_test_id("winners")).to_contain_text("郑老师")
    assert Award.objects.filter(tenant_id=tree.tenant.pk).count() == 2

    office.goto("/awards/certificate-template/")
    office.fill("input[name=title]", "奖状")
    office.get_by_role("button", name="预览").click()
    expect(office.get_by_test_id("preview")).to_contain_text("奖状")
    office.get_by_role("button", name="保存").click()
    expect(office.get_by_test_id("preview")).to_contain_text("奖状")

    office.goto(f"/awards/selections/{selection.pk}/")
    office.get_by_role("row", name="郑老师").get_by_role("button", name="设为先进典型").click()
    expect(office.get_by_role("row", name="郑老师")).to_contain_text("先进典型")

    winner = new_context(phone=True).new_page()
    log_in(winner, tree.tenant.name, personas.member.staff_no)
    winner.goto(f"/awards/selections/{selection.pk}/")
    expect(winner.get_by_test_id("winners")).to_contain_text(personas.member_row.name)
    assert fits(winner)
    own = Award.objects.get(tenant_id=tree.tenant.pk, entry__member=personas.member_row)
    with winner.expect_download() as download:
        winner.get_by_role("link", name=own.certificate_no).click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    winner.goto("/awards/exemplars/")
    expect(winner.get_by_test_id("exemplars")).to_contain_text("郑老师")
