"""Roster import services: what the mutation pass (docs/testing.md, 变异测试, 第三轮) found no test
checking. A text file named .xls is "not Excel" too, a real workbook without a header is not; a
failed check, a failed confirmation and a discard touch only their own import and its preview rows;
a discarded import stays discarded when its check fails afterwards; the discard's audit entry names
the file; queueing a confirmation clears the previous error message."""

from datetime import UTC, datetime

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import DomainError
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.roster.columns import RosterFileError
from chuangxian.roster.models import ImportMode, ImportStatus, RosterImport, RowOutcome
from chuangxian.roster.services import plan as plan_module
from chuangxian.roster.services import (
    roster_import_confirm,
    roster_import_confirm_start,
    roster_import_discard,
    roster_import_plan,
)
from chuangxian.roster.tests.factories import HEADER, csv_bytes, id_number, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

NOTE = "这不是名册，只是一段说明。\n第二行\n".encode()


@pytest.fixture
def office(personas):
    return personas.office


def refused_code(tree, office, content: bytes, name: str) -> str:
    with pytest.raises(DomainError) as error:
        upload(tree, office, content, name=name)
    return error.value.code


# --- upload: which files are "not Excel" -----------------------------------------------------------


@pytest.mark.parametrize("name", ["说明.xlsx", "说明.xls", "说明.XLS"])
def test_a_text_file_named_as_a_workbook_is_refused_as_not_excel(tree, office, name):
    assert refused_code(tree, office, NOTE, name) == "not_excel"
    assert not RosterImport.objects.exists()


def test_a_text_file_named_csv_without_a_header_has_no_header(tree, office):
    assert refused_code(tree, office, NOTE, "说明.csv") == "no_header"


def test_a_real_workbook_without_a_header_has_no_header_and_is_not_called_text(tree, office):
    content = xlsx_bytes([["备注", "说明"]], header=["这不是名册", ""])
    assert refused_code(tree, office, content, "名册.xlsx") == "no_header"


# --- a failed check ------------------------------------------------------------------------------


def ready_import(tree, office, staff_no: str = "2010001", name: str = "张伟") -> RosterImport:
    roster_import = upload(tree, office, xlsx_bytes([person(staff_no, name)]))
    assert roster_import.status == ImportStatus.READY
    assert roster_import.rows.count() == 1
    return roster_import


def test_a_check_that_fails_half_way_deletes_only_its_own_preview_rows(tree, office, monkeypatch):
    other = ready_import(tree, office, "2010009", "李娜")
    planning = upload(tree, office, xlsx_bytes([person("2010008", "王芳")]))
    RosterImport.objects.filter(pk=planning.pk).update(status=ImportStatus.PLANNING)
    roster_import = ready_import(tree, office)
    RosterImport.objects.filter(pk=roster_import.pk).update(status=ImportStatus.QUEUED)

    def broken(roster_import, planner):  # rows are written when the check breaks
        assert roster_import.rows.count() == 1
        raise RuntimeError("boom")

    monkeypatch.setattr("chuangxian.roster.services.plan._mark_repeated", broken)
    roster_import = roster_import_plan(roster_import_id=roster_import.pk)
    assert roster_import.status == ImportStatus.FAILED
    assert roster_import.error_message
    assert not roster_import.rows.exists()
    other.refresh_from_db()
    assert (other.status, other.rows.count(), other.error_message) == (ImportStatus.READY, 1, "")
    planning.refresh_from_db()
    assert (planning.status, planning.error_message) == (ImportStatus.PLANNING, "")


def test_an_import_discarded_while_its_check_runs_stays_discarded_when_the_check_fails(
    tree, office, monkeypatch
):
    roster_import = ready_import(tree, office)
    RosterImport.objects.filter(pk=roster_import.pk).update(status=ImportStatus.QUEUED)

    def discarded_meanwhile(roster_import):
        RosterImport.objects.filter(pk=roster_import.pk).update(status=ImportStatus.DISCARDED)
        raise RosterFileError(code="corrupt", message="坏文件")

    monkeypatch.setattr("chuangxian.roster.services.plan._plan_file", discarded_meanwhile)
    roster_import = roster_import_plan(roster_import_id=roster_import.pk)
    assert roster_import.status == ImportStatus.DISCARDED
    assert roster_import.error_message == ""


# --- confirm and discard -------------------------------------------------------------------------


def test_a_refused_confirmation_marks_only_its_own_import(tree, office):
    other = ready_import(tree, office, "2010009", "李娜")
    roster_import = ready_import(tree, office)
    RosterImport.objects.filter(pk=roster_import.pk).update(error_count=1)
    with pytest.raises(DomainError) as error:
        roster_import_confirm(roster_import_id=roster_import.pk, actor=office)
    assert error.value.code == "has_errors"
    roster_import.refresh_from_db()
    assert roster_import.error_message
    other.refresh_from_db()
    assert (other.status, other.error_message) == (ImportStatus.READY, "")


def test_queueing_a_confirmation_clears_the_previous_error_message(
    tree, office, settings, django_capture_on_commit_callbacks
):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        roster_import = upload(tree, office, xlsx_bytes([person("2010001", "张伟")]))
    assert roster_import.background
    RosterImport.objects.filter(pk=roster_import.pk).update(error_message="上次的错误")
    with django_capture_on_commit_callbacks(execute=False):
        roster_import = roster_import_confirm_start(roster_import_id=roster_import.pk, actor=office)
    assert roster_import.status == ImportStatus.CONFIRMING
    assert roster_import.error_message == ""
    assert roster_import.confirmed_by == office


def test_discarding_deletes_only_its_own_preview_rows_and_the_audit_names_the_file(tree, office):
    other = ready_import(tree, office, "2010009", "李娜")
    roster_import = upload(tree, office, xlsx_bytes([person("2010001", "张伟")]), name="教职工名册.xlsx")
    roster_import_discard(roster_import_id=roster_import.pk, actor=office)
    assert not roster_import.rows.exists()
    assert other.rows.count() == 1
    entry = AuditEntry.objects.get(action="roster.import.discarded")
    assert entry.data == {"file": "教职工名册.xlsx"}
    assert not Member.objects.filter(staff_no="2010001").exists()


def test_a_csv_roster_is_read_like_a_workbook(tree, office):
    roster_import = upload(tree, office, csv_bytes([person("2010001", "张伟")]), name="名册.csv")
    assert (roster_import.status, roster_import.new_count) == (ImportStatus.READY, 1)


def test_confirming_a_full_import_rewrites_the_departures_that_changed_since_the_preview(
    tree, office, personas
):
    other = upload(tree, office, xlsx_bytes([person("2010009", "李娜")]), mode=ImportMode.FULL)
    other_departures = set(
        other.rows.filter(outcome=RowOutcome.DEPARTURE).values_list("member_id", flat=True)
    )
    content = xlsx_bytes([person("2010001", "张伟"), person("2010002", "王芳")])
    roster_import = upload(tree, office, content, mode=ImportMode.FULL)
    previewed = set(
        roster_import.rows.filter(outcome=RowOutcome.DEPARTURE).values_list("member_id", flat=True)
    )
    assert personas.member_row.pk in previewed
    late = MemberFactory(unit=tree.library, staff_no="2010077", name="后来的人")  # after the preview
    roster_import_confirm(roster_import_id=roster_import.pk, actor=office)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE
    departures = roster_import.rows.filter(outcome=RowOutcome.DEPARTURE)
    assert set(departures.values_list("member_id", flat=True)) == previewed | {late.pk}
    assert (roster_import.new_count, roster_import.departure_count) == (2, len(previewed) + 1)
    assert list(departures.order_by("seq").values_list("seq", flat=True)) == list(
        range(3, len(previewed) + 4)
    )  # after the file's two rows
    assert departures.get(member_id=late.pk).changes == [["status", "在职", "离职"]]
    assert roster_import.rows.filter(staff_no="2010001", outcome=RowOutcome.NEW).exists()
    late.refresh_from_db()
    assert late.status == MemberStatus.LEFT
    assert (
        set(other.rows.filter(outcome=RowOutcome.DEPARTURE).values_list("member_id", flat=True))
        == other_departures
    )


def test_a_confirmation_records_who_and_when_clears_the_last_error_and_audits_the_counts(tree, office):
    roster_import = ready_import(tree, office)
    RosterImport.objects.filter(pk=roster_import.pk).update(error_message="上次确认时的错误")
    with time_machine.travel("2026-11-30 10:00 +0800", tick=False):
        roster_import_confirm(roster_import_id=roster_import.pk, actor=office)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE
    assert roster_import.error_message == ""
    assert roster_import.confirmed_by == office
    assert roster_import.confirmed_at == datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    entry = AuditEntry.objects.get(action="roster.import.confirmed")
    assert entry.data == {"mode": ImportMode.PARTIAL, "created": 1, "updated": 0, "departed": 0}


def test_a_confirmation_by_the_system_names_no_login(tree, office):
    roster_import = ready_import(tree, office)
    roster_import_confirm(roster_import_id=roster_import.pk, actor=SYSTEM)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE
    assert roster_import.confirmed_by is None
    assert Member.objects.filter(tenant=tree.tenant, staff_no="2010001").exists()


# --- repeated numbers in a file ------------------------------------------------------------------


def test_the_first_of_repeated_id_numbers_names_the_later_row_and_other_imports_are_untouched(tree, office):
    other = ready_import(tree, office, "2010009", "李娜")  # its one row is row 2 as well
    same = id_number(seq=7)
    content = xlsx_bytes([person("2010001", "张伟", id=same), person("2010002", "王芳", id=same)])
    first, second = upload(tree, office, content).rows.order_by("seq")
    assert first.outcome == RowOutcome.ERROR
    duplicate = {error["code"]: error for error in first.errors}["id_number_duplicate"]
    assert "第 3 行" in duplicate["message"]
    assert (duplicate["field"], duplicate["column"]) == ("id_number", "身份证号（J列）")
    assert second.outcome == RowOutcome.ERROR
    only = other.rows.get()
    assert (only.row_number, only.outcome, only.errors) == (2, RowOutcome.NEW, [])


def test_a_preview_row_of_an_existing_member_points_at_that_member(tree, office):
    member = MemberFactory(unit=tree.college, staff_no="2010001", name="张伟", phone="13800000000")
    row = upload(tree, office, xlsx_bytes([person("2010001", "张伟")])).rows.get()
    assert (row.outcome, row.member_id) == (RowOutcome.UPDATED, member.pk)


def test_the_preview_of_a_full_import_lists_each_departure_with_its_unit_and_the_status_change(
    tree, office, personas
):
    content = xlsx_bytes([person("2010001", "张伟"), person("2010002", "王芳")])
    roster_import = upload(tree, office, content, mode=ImportMode.FULL, departure_status="retired")
    departures = list(roster_import.rows.filter(outcome=RowOutcome.DEPARTURE).order_by("seq"))
    assert [row.seq for row in departures] == list(range(3, len(departures) + 3))
    leaving = next(row for row in departures if row.member_id == personas.member_row.pk)
    assert leaving.row_number is None
    assert leaving.changes == [["status", "在职", "退休"]]
    assert list(leaving.data) == ["unit_label"]
    assert "中文系工会小组" in leaving.data["unit_label"]


def test_rows_after_a_note_in_the_middle_of_the_table_are_still_checked(tree, office):
    content = xlsx_bytes([person("2010001", "张伟"), ["说明：以下为新进教职工"], person("2010002", "王芳")])
    roster_import = upload(tree, office, content)
    assert sorted(roster_import.rows.values_list("staff_no", flat=True)) == ["2010001", "2010002"]
    assert roster_import.new_count == 2
    assert (roster_import.processed_rows, roster_import.total_rows) == (2, 2)  # the note is no row


def test_a_check_starts_from_zero_and_an_import_discarded_meanwhile_keeps_no_preview_rows(
    tree, office, monkeypatch
):
    other = ready_import(tree, office, "2010009", "李娜")
    roster_import = ready_import(tree, office)
    RosterImport.objects.filter(pk=roster_import.pk).update(status=ImportStatus.QUEUED, processed_rows=1)
    check = plan_module._plan_file

    def discarded_at_the_end(roster_import):
        assert RosterImport.objects.get(pk=roster_import.pk).processed_rows == 0
        check(roster_import)
        assert roster_import.rows.count() == 1
        RosterImport.objects.filter(pk=roster_import.pk).update(status=ImportStatus.DISCARDED)

    monkeypatch.setattr(plan_module, "_plan_file", discarded_at_the_end)
    roster_import = roster_import_plan(roster_import_id=roster_import.pk)
    assert roster_import.status == ImportStatus.DISCARDED
    assert not roster_import.rows.exists()
    assert other.rows.count() == 1


# --- upload's own checks -------------------------------------------------------------------------


def test_an_unknown_departure_status_is_refused_even_with_a_known_mode(tree, office):
    with pytest.raises(DomainError) as error:
        upload(tree, office, xlsx_bytes([person("2010001", "张伟")]), departure_status="vanished")
    assert error.value.code == "bad_mode"
    assert not RosterImport.objects.exists()


def test_the_size_limit_is_the_whole_file_and_a_file_of_exactly_the_limit_is_accepted(tree, office, settings):
    content = xlsx_bytes([person("2010001", "张伟")])
    settings.ROSTER_IMPORT_MAX_BYTES = len(content)
    assert upload(tree, office, content).status == ImportStatus.READY
    settings.ROSTER_IMPORT_MAX_BYTES = len(content) - 1
    assert refused_code(tree, office, content, "名册.xlsx") == "too_large"


def test_an_upload_records_who_uploaded_what_it_read_and_audits_the_file(tree, office):
    header = [*HEADER, "备注"]
    content = xlsx_bytes([[*person("2010001", "张伟"), "新进"]], header=header)
    roster_import = upload(tree, office, content, name="教职工名册.xlsx")
    assert roster_import.uploaded_by == office
    assert roster_import.sheet_name
    assert roster_import.header_rows
    assert roster_import.columns
    assert roster_import.ignored_columns
    entry = AuditEntry.objects.get(action="roster.import.uploaded")
    assert entry.data == {"file": "教职工名册.xlsx", "format": "xlsx", "mode": ImportMode.PARTIAL, "rows": 1}
