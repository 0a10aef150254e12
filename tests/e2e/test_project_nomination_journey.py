"""Browser journey on a phone (390×844): the college's chair opens the unit's project from the project
list, follows 推荐参评「…」 to the selection's own nomination form with the project already chosen,
adds the reasons and the unit meeting's minutes, and finds the project marked as nominated on its
page (the entry's state, linked) and in the list. Run with the tenant guard raising."""

import pytest
import time_machine
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.projects.services import project_create
from chuangxian.projects.tests.conftest import IN_PHASE_2, data_for
from chuangxian.selections.models import Entry, EntryStatus
from chuangxian.selections.tests.factories import PDF, make_selection, make_type
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_chair_nominates_the_units_project_from_its_page_through_the_selection(
    new_context, tree, personas, settings, tmp_path
):
    settings.TENANT_QUERY_CHECK = "raise"
    campaign = make_campaign(tree.tenant)
    with time_machine.travel(IN_PHASE_2, tick=False):
        for title in ("师德讲堂", "教工读书会"):
            project = project_create(
                unit=tree.college,
                campaign=campaign,
                data=data_for(campaign, personas.chair_row, title=title),
                actor=SYSTEM,
            )
    project_type = make_type(tree.tenant, name="创先争优优秀项目", entry_kind="project")
    selection = make_selection(campaign, project_type, title="2011年度优秀项目评选")
    minutes = tmp_path / "会议纪要.pdf"
    minutes.write_bytes(PDF)

    chair = new_context(phone=True).new_page()
    log_in(chair, tree.tenant.name, personas.chair.staff_no)
    chair.goto("/projects/")
    chair.get_by_role("link", name="教工读书会").click()
    chair.get_by_role("link", name="推荐参评「2011年度优秀项目评选」").click()
    # The engine's form, with this project (not the unit's first) chosen.
    expect(chair.locator("select[name=candidate] option:checked")).to_have_text(
        "教工读书会（文学与传播学院）"
    )
    assert fits(chair)
    chair.fill("textarea[name=summary]", "每月共读一本书，全院教职工参与")
    chair.set_input_files("input[name=minutes]", str(minutes))
    chair.get_by_role("button", name="推荐").click()
    expect(chair.get_by_test_id("entries")).to_contain_text("教工读书会")

    entry = Entry.objects.get(tenant_id=tree.tenant.pk, selection=selection)
    assert (entry.project_id, entry.status, entry.nominating_unit_id) == (
        project.pk,
        EntryStatus.NOMINATED,
        tree.college.pk,
    )
    chair.goto(f"/projects/{project.pk}/")
    selections = chair.get_by_test_id("project-selections")
    expect(selections).to_contain_text("已推荐参评「2011年度优秀项目评选」")
    expect(chair.get_by_role("link", name="推荐参评「2011年度优秀项目评选」")).to_have_count(0)
    assert fits(chair)
    chair.get_by_test_id("entry-status").click()
    expect(chair.get_by_test_id("status")).to_have_text("已推荐")
    chair.goto("/projects/")
    expect(chair.get_by_role("link", name="教工读书会")).to_contain_text("已推荐")
    expect(chair.get_by_role("link", name="师德讲堂")).not_to_contain_text("已推荐")
