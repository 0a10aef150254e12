import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from chuangxian.core.actors import SYSTEM
from chuangxian.documents.models import Notice, NoticeAttachment, NoticeStatus
from chuangxian.documents.tests.factories import CC, PREFIX, TITLE, make_notice

FORM = {
    "doc_prefix": PREFIX,
    "year": "2010",
    "title": TITLE,
    "addressees": "各二级工会、直属工会小组",
    "body": "一、总体要求\n各单位要认真组织学习。",
    "issuing_office": "泉州示范师范学院创先争优活动领导小组办公室",
    "marking": "",
    "signed_on": "2010-12-15",
    "cc": CC,
    "printing_office": "泉州示范师范学院创先办",
    "printed_on": "2010-12-23",
}


def login(client, user):
    client.force_login(user)
    return client


def test_office_drafts_issues_and_revokes(client, tree, personas):
    login(client, personas.office)
    response = client.post(reverse("documents:notice_new"), FORM)
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.status == NoticeStatus.DRAFT and notice.number is None
    page = client.get(reverse("documents:notice_issue", args=[notice.pk]))
    assert "不作保证" in page.content.decode()
    response = client.post(reverse("documents:notice_issue", args=[notice.pk]), follow=True)
    assert "已签发，文号为 泉师院委组工〔2010〕1号" in response.content.decode()
    detail = client.get(reverse("documents:notice_detail", args=[notice.pk])).content.decode()
    assert "泉师院委组工〔2010〕1号" in detail and "抄送：" in detail
    # An issued notice is not editable any more.
    response = client.get(reverse("documents:notice_edit", args=[notice.pk]))
    assert response.status_code == 302
    response = client.post(reverse("documents:notice_revoke", args=[notice.pk]), {"reason": ""})
    assert "这个字段是必填项" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ISSUED
    client.post(reverse("documents:notice_revoke", args=[notice.pk]), {"reason": "内容有误"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.REVOKED and notice.number == 1


def test_bad_draft_shows_what_to_fix_and_saves_nothing(client, tree, personas):
    login(client, personas.office)
    response = client.post(reverse("documents:notice_new"), {**FORM, "doc_prefix": "泉师院〔2010〕"})
    assert response.status_code == 200
    assert "机关代字只写代字本身" in response.content.decode()
    assert not Notice.objects.exists()


def test_edit_draft(client, tree, personas):
    notice = make_notice(tree.tenant)
    login(client, personas.office)
    assert client.get(reverse("documents:notice_edit", args=[notice.pk])).status_code == 200
    client.post(reverse("documents:notice_edit", args=[notice.pk]), {**FORM, "title": "改过的标题"})
    notice.refresh_from_db()
    assert notice.title == "改过的标题"


def test_downloads_have_chinese_file_names(client, tree, personas):
    notice = make_notice(tree.tenant, issue=True)
    login(client, personas.member)
    response = client.get(reverse("documents:notice_pdf", args=[notice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "〔2010〕1号" in text.replace(" ", "")
    response = client.get(reverse("documents:notice_docx", args=[notice.pk]))
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_member_reads_issued_but_not_drafts(client, tree, personas):
    draft = make_notice(tree.tenant, title="内部草稿")
    issued = make_notice(tree.tenant, issue=True)
    login(client, personas.member)
    listing = client.get(reverse("documents:notice_list")).content.decode()
    assert TITLE in listing and "内部草稿" not in listing and "起草公文" not in listing
    assert client.get(reverse("documents:notice_detail", args=[issued.pk])).status_code == 200
    for name in ("notice_detail", "notice_pdf", "notice_docx"):
        assert client.get(reverse(f"documents:{name}", args=[draft.pk])).status_code == 404
    for name in ("notice_issue", "notice_edit", "notice_revoke"):
        assert client.post(reverse(f"documents:{name}", args=[issued.pk])).status_code == 404
    assert client.get(reverse("documents:notice_new")).status_code == 404
    assert client.get(reverse("documents:series")).status_code == 404


def test_chair_cannot_issue(client, tree, personas):
    draft = make_notice(tree.tenant)
    login(client, personas.chair)
    assert client.post(reverse("documents:notice_issue", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.number is None


def test_other_tenant_gets_404(client, tree, personas):
    issued = make_notice(tree.tenant, issue=True)
    login(client, personas.other_office)
    assert client.get(reverse("documents:notice_detail", args=[issued.pk])).status_code == 404
    assert client.get(reverse("documents:notice_pdf", args=[issued.pk])).status_code == 404
    assert TITLE not in client.get(reverse("documents:notice_list")).content.decode()


def test_attachment_upload_checks_the_content(client, tree, personas):
    notice = make_notice(tree.tenant)
    login(client, personas.office)
    url = reverse("documents:attachment_add", args=[notice.pk])
    fake = io.BytesIO(b"not really a pdf")
    fake.name = "假.pdf"
    response = client.post(url, {"title": "假文件", "file": fake}, follow=True)
    assert "类型不允许上传" in response.content.decode()
    real = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    real.name = "意见.pdf"
    client.post(url, {"title": "实施意见", "file": real})
    attachment = NoticeAttachment.objects.get()
    download = client.get(reverse("documents:attachment_download", args=[notice.pk, attachment.pk]))
    assert download.status_code == 200
    client.post(reverse("documents:attachment_remove", args=[notice.pk, attachment.pk]))
    assert not NoticeAttachment.objects.exists()


def test_series_start_page(client, tree, personas):
    login(client, personas.office)
    client.post(reverse("documents:series"), {"doc_prefix": PREFIX, "year": "2010", "first_number": "22"})
    assert make_notice(tree.tenant, issue=True).number == 22
    response = client.post(
        reverse("documents:series"), {"doc_prefix": PREFIX, "year": "2010", "first_number": "30"}
    )
    assert "不能再改起始号码" in response.content.decode()


@pytest.mark.parametrize("count", [10, 200])
def test_list_page_query_count(client, tree, personas, django_assert_max_num_queries, count):
    from dataclasses import replace

    from chuangxian.documents.services import notice_create, notice_issue
    from chuangxian.documents.tests.factories import FIELDS

    for i in range(count):
        notice = notice_create(tenant=tree.tenant, fields=replace(FIELDS, title=f"通知{i}"), actor=SYSTEM)
        if i % 2:
            notice_issue(notice=notice, actor=SYSTEM)
    for user in (personas.office, personas.member):
        login(client, user)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("documents:notice_list"))
        assert response.status_code == 200


def test_revoked_notice_stays_readable_and_says_so(client, tree, personas):
    from chuangxian.documents.services import notice_revoke

    notice = notice_revoke(
        notice=make_notice(tree.tenant, issue=True), reason="内容有误", actor=personas.office
    )
    login(client, personas.member)
    page = client.get(reverse("documents:notice_detail", args=[notice.pk])).content.decode()
    assert "已撤销" in page and "内容有误" in page and "泉师院委组工〔2010〕1号" in page


def test_admin_is_read_only(client, tree, personas):
    notice = make_notice(tree.tenant, issue=True)
    login(client, personas.admin)
    assert client.get(reverse("admin:documents_notice_changelist")).status_code == 200
    assert client.get(reverse("admin:documents_notice_add")).status_code == 403
    client.post(reverse("admin:documents_notice_delete", args=[notice.pk]), {"post": "yes"})
    assert Notice.objects.filter(pk=notice.pk).exists()


def test_a_missing_title_and_a_printed_date_before_signing_show_in_one_response(client, tree, personas):
    """The 印发日期 rule is not held back until the required field is filled in (a second round)."""
    login(client, personas.office)
    response = client.post(reverse("documents:notice_new"), {**FORM, "title": "", "printed_on": "2010-12-10"})
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.as_data()
    assert {name: [e.code for e in found] for name, found in errors.items()} == {
        "title": ["required"],
        "printed_on": ["printed_before_signed"],
    }
    page = response.content.decode()
    assert "印发日期（2010-12-10）不能早于成文日期（2010-12-15）" in page and form.errors["title"][0] in page
    assert not Notice.objects.exists()
