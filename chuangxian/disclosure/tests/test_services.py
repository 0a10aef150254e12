"""School-affairs disclosure: who reads an item (its audience, by unit subtree), publishing with every
problem at once, edits and withdrawals in the audit, real-name feedback, written answers by the
responsible office, the rights' labels, handler grants and the to-do."""

from datetime import timedelta

import pytest

from chuangxian.audit.labels import key_label, value_label
from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import NotFoundError, Refused
from chuangxian.disclosure.models import DisclosureAttachment, Feedback, FeedbackKind, Mode, Right
from chuangxian.disclosure.permissions import access_item
from chuangxian.disclosure.providers import disclosure_todos
from chuangxian.disclosure.selectors import item_list_for, rights_labels
from chuangxian.disclosure.services import (
    DisclosureError,
    feedback_post,
    item_check,
    item_handlers_name,
    item_update,
    item_withdraw,
    question_answer,
    rights_update,
)
from chuangxian.disclosure.tests.factories import PDF, ask, item_data, make_item
from chuangxian.notifications.models import Notification
from chuangxian.orgs.tests.factories import MemberFactory, make_user


@pytest.fixture
def outsider(tree):
    """A plain member of the sibling college."""
    return make_user(MemberFactory(unit=tree.sibling, name="数计会员"))


# --- the audience -------------------------------------------------------------------------------------


def test_an_item_for_one_college_is_read_by_its_subtree_and_its_viewers_only(tree, personas, outsider):
    item = make_item(tree.root, units=[tree.college])
    for reader in (personas.member, personas.chair, personas.liaison, personas.leader, personas.office):
        assert access_item(reader, item.pk) == item
    for stranger in (outsider, personas.sibling_chair, personas.other_office):
        with pytest.raises(NotFoundError):
            access_item(stranger, item.pk)
    assert [i.pk for i in item_list_for(personas.member, tree.tenant.pk)] == [item.pk]
    assert list(item_list_for(outsider, tree.tenant.pk)) == []
    assert list(item_list_for(personas.sibling_chair, tree.tenant.pk)) == []


def test_a_member_outside_the_chosen_units_may_not_comment_or_ask(tree, outsider):
    item = make_item(tree.root, units=[tree.college])
    with pytest.raises(Refused) as error:
        ask(item, outsider)
    assert error.value.code == "not_audience"
    assert not Feedback.objects.filter(tenant_id=tree.tenant.pk).exists()


def test_an_item_for_the_whole_school_is_read_by_everyone_of_it(tree, personas, outsider):
    item = make_item(tree.root)
    assert access_item(outsider, item.pk) == item
    with pytest.raises(NotFoundError):
        access_item(personas.other_office, item.pk)


def test_an_item_is_shown_from_its_publish_date_the_office_sees_it_before(tree, personas):
    item = make_item(tree.root, publish_on=clock.today() + timedelta(days=3))
    with pytest.raises(NotFoundError):
        access_item(personas.member, item.pk)
    assert list(item_list_for(personas.member, tree.tenant.pk)) == []
    assert [i.pk for i in item_list_for(personas.office, tree.tenant.pk)] == [item.pk]


# --- publishing and editing ----------------------------------------------------------------------------


def test_a_chair_may_not_publish(tree, personas):
    with pytest.raises(Refused) as error:
        make_item(tree.root, actor=personas.chair)
    assert error.value.code == "not_office"


def test_item_check_reports_every_problem_at_once(tree):
    data = item_data(tree.root, title=" ", body="", category="x", mode=Mode.STANDING)
    data = data.__class__(**{**data.__dict__, "review_on": clock.today()})
    codes = {p.code for p in item_check(data, tenant_id=tree.tenant.pk)}
    assert codes == {"title_required", "body_required", "bad_category", "review_not_periodic"}


def test_a_periodic_item_reviews_after_its_publish_date(tree):
    today = clock.today()
    data = item_data(tree.root, mode=Mode.PERIODIC, review_on=today)
    assert [p.code for p in item_check(data, tenant_id=tree.tenant.pk)] == ["review_before_publish"]
    data = item_data(tree.root, mode=Mode.PERIODIC, review_on=today + timedelta(days=90))
    assert item_check(data, tenant_id=tree.tenant.pk) == []


def test_units_of_another_school_are_refused(tree):
    with pytest.raises(DisclosureError) as error:
        make_item(tree.root, units=[tree.other_unit])
    assert error.value.code == "wrong_tenant"


def test_publish_stores_the_attachments_and_refuses_a_lying_file(tree, personas):
    item = make_item(tree.root, attachments=[("方案.pdf", PDF)])
    assert [a.original_name for a in DisclosureAttachment.objects.filter(tenant_id=tree.tenant.pk)] == [
        "方案.pdf"
    ]
    with pytest.raises(DisclosureError) as error:
        make_item(tree.root, attachments=[("方案.pdf", b"<script>alert(1)</script>")])
    assert error.value.field == "attachments"
    entry = AuditEntry.objects.get(action="disclosure.item.published", target_id=str(item.pk))
    assert entry.data["attachments"] == ["方案.pdf"] and entry.data["audience"] == "全校"
    assert value_label(entry.action, "rights", entry.data["rights"]) == "知情权、监督权"
    assert value_label(entry.action, "category", entry.data["category"]) == "切身利益"
    assert key_label(entry.action, "responsible_unit") == "责任部门"


def test_an_edit_widens_the_audience_and_its_changes_are_audited(tree, personas, outsider):
    item = make_item(tree.root, units=[tree.college])
    item_update(
        item=item,
        data=item_data(tree.root, units=[tree.college, tree.sibling], title="绩效工资分配方案（修订）"),
        attachments=[("附件.pdf", PDF)],
        actor=personas.office,
    )
    assert access_item(outsider, item.pk).title == "绩效工资分配方案（修订）"
    entry = AuditEntry.objects.get(action="disclosure.item.updated")
    assert entry.changes["title"] == ["2026年度教职工绩效工资分配方案", "绩效工资分配方案（修订）"]
    assert entry.changes["audience"] == ["文学与传播学院", "文学与传播学院、数学与计算机科学学院"]
    assert entry.data["added"] == ["附件.pdf"]


def test_an_edit_removes_chosen_attachments(tree, personas):
    item = make_item(tree.root, attachments=[("旧.pdf", PDF)])
    old = item.attachments.get()
    item_update(item=item, data=item_data(tree.root), remove_attachments=[old.pk], actor=personas.office)
    assert not DisclosureAttachment.objects.filter(tenant_id=tree.tenant.pk).exists()


# --- withdrawing ---------------------------------------------------------------------------------------


def test_a_withdrawn_item_leaves_the_list_and_the_page_but_stays_in_the_audit(tree, personas):
    item = make_item(tree.root, units=[tree.college])
    ask(item, personas.member)
    with pytest.raises(DisclosureError) as error:
        item_withdraw(item=item, reason="  ", actor=personas.office)
    assert error.value.code == "reason_required"
    item_withdraw(item=item, reason="数据有误，更正后重新公开", actor=personas.office)
    for reader in (personas.member, personas.office):
        assert list(item_list_for(reader, tree.tenant.pk)) == []
    with pytest.raises(NotFoundError):
        access_item(personas.member, item.pk)
    entry = AuditEntry.objects.get(action="disclosure.item.withdrawn")
    assert entry.data["reason"] == "数据有误，更正后重新公开"
    assert AuditEntry.objects.filter(action="disclosure.question.posted").count() == 1
    with pytest.raises(DisclosureError) as error:
        item_withdraw(item=item, reason="再撤一次", actor=personas.office)
    assert error.value.code == "withdrawn"
    with pytest.raises(DisclosureError):
        item_update(item=item, data=item_data(tree.root), actor=personas.office)


def test_nobody_asks_on_a_withdrawn_item(tree, personas):
    item = make_item(tree.root)
    item_withdraw(item=item, reason="撤回", actor=personas.office)
    item.refresh_from_db()
    with pytest.raises(Refused):
        ask(item, personas.member)


# --- feedback and answers ------------------------------------------------------------------------------


def test_a_question_carries_the_real_name_and_tells_the_responsible_office(tree, personas):
    item = make_item(tree.college, units=[tree.college])
    question = ask(item, personas.member)
    assert (question.author_name, question.author_unit) == ("普通会员", "中文系工会小组")
    told = set(
        Notification.objects.filter(tenant_id=tree.tenant.pk, kind="disclosure.question").values_list(
            "recipient__name", flat=True
        )
    )
    assert told == {"学院主席", "学院联络员"}  # the college's officers, not the school's office
    assert AuditEntry.objects.filter(action="disclosure.question.posted").count() == 1


def test_a_comment_tells_nobody(tree, personas):
    item = make_item(tree.root)
    feedback_post(item=item, kind=FeedbackKind.COMMENT, text="建议附上测算表。", actor=personas.member)
    assert not Notification.objects.filter(tenant_id=tree.tenant.pk).exists()


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        (FeedbackKind.QUESTION, "   ", "text_required"),
        (FeedbackKind.QUESTION, "问" * 501, "text_too_long"),
        ("rumour", "内容", "bad_kind"),
    ],
)
def test_feedback_refused(tree, personas, kind, text, code):
    item = make_item(tree.root)
    with pytest.raises(DisclosureError) as error:
        feedback_post(item=item, kind=kind, text=text, actor=personas.member)
    assert error.value.code == code


def test_the_responsible_office_answers_and_the_asker_is_told(tree, personas):
    item = make_item(tree.college, units=[tree.college])
    question = ask(item, personas.member)
    with pytest.raises(Refused) as error:
        question_answer(question=question, answer="不归我管", actor=personas.sibling_chair)
    assert error.value.code == "not_answerer"
    answered = question_answer(question=question, answer="  本月底前发放。 ", actor=personas.chair)
    assert answered.answer == "本月底前发放。" and answered.answerer_name == "文学与传播学院"
    notice = Notification.objects.get(tenant_id=tree.tenant.pk, kind="disclosure.answer")
    assert notice.recipient == personas.member_row
    with pytest.raises(DisclosureError) as error:
        question_answer(question=question, answer="再答一次", actor=personas.chair)
    assert error.value.code == "answered"


def test_a_comment_is_not_answered_and_an_answer_is_not_blank(tree, personas):
    item = make_item(tree.root)
    comment = feedback_post(item=item, kind=FeedbackKind.COMMENT, text="很好", actor=personas.member)
    with pytest.raises(DisclosureError) as error:
        question_answer(question=comment, answer="谢谢", actor=personas.office)
    assert error.value.code == "not_question"
    with pytest.raises(DisclosureError) as error:
        question_answer(question=ask(item, personas.member), answer=" ", actor=personas.office)
    assert error.value.code == "answer_required"


def test_a_handler_outside_the_audience_reads_and_answers_the_item(tree, personas):
    item = make_item(tree.root, units=[tree.college])
    librarian_row = MemberFactory(unit=tree.library, name="图书馆馆员")
    librarian = make_user(librarian_row)
    with pytest.raises(NotFoundError):
        access_item(librarian, item.pk)
    item_handlers_name(item=item, members=[librarian_row], actor=personas.office)
    assert access_item(librarian, item.pk) == item
    assert [i.pk for i in item_list_for(librarian, tree.tenant.pk)] == [item.pk]
    question = ask(item, personas.member)
    assert Notification.objects.filter(recipient=librarian_row, kind="disclosure.question").exists()
    question_answer(question=question, answer="已转相关部门。", actor=librarian)


# --- rights, to-do -------------------------------------------------------------------------------------


def test_the_office_words_the_four_rights(tree, personas):
    assert rights_labels(tree.tenant.pk)[Right.KNOW] == "知情权"
    labels = {"know": "知情权利", "participate": "参与权", "elect": "选举权", "supervise": "监督权"}
    rights_update(tenant_id=tree.tenant.pk, labels=labels, actor=personas.office)
    assert rights_labels(tree.tenant.pk)[Right.KNOW] == "知情权利"
    entry = AuditEntry.objects.get(action="disclosure.rights.updated")
    assert entry.changes == {"know": ["知情权", "知情权利"]}
    with pytest.raises(DisclosureError) as error:
        rights_update(tenant_id=tree.tenant.pk, labels={**labels, "elect": ""}, actor=personas.office)
    assert error.value.code == "label_required"


def test_the_responsible_office_is_told_of_unanswered_questions(tree, personas):
    campaign = make_campaign(tree.tenant)
    item = make_item(tree.college, units=[tree.college], title="食堂价格调整")
    ask(item, personas.member)
    ask(item, personas.member, text="学生食堂也调整吗？")
    todos = disclosure_todos(personas.chair, campaign)
    assert [t.title for t in todos] == ["答复校务公开提问（2 个）：食堂价格调整"]
    assert disclosure_todos(personas.member, campaign) == []
    for question in Feedback.objects.filter(tenant_id=tree.tenant.pk):
        question_answer(question=question, answer="是的。", actor=SYSTEM)
    assert disclosure_todos(personas.chair, campaign) == []


def test_feedback_text_is_kept_as_typed(tree, personas):
    item = make_item(tree.root)
    question = ask(item, personas.member, text="<b>加粗</b>？")
    assert question.text == "<b>加粗</b>？"
