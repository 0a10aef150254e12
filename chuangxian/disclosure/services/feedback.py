"""The staff's feedback on an item: a comment or a question under a real name, and the responsible
office's written answer to a question.

Posting locks the item (so that nothing is posted on an item being withdrawn); answering locks the
item, then the question (so that two answers at once cannot both find it open).
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.core.tenancy import lock
from chuangxian.disclosure.models import ANSWER_MAX, TEXT_MAX, DisclosureItem, Feedback, FeedbackKind
from chuangxian.disclosure.permissions import can_answer, can_post_feedback
from chuangxian.disclosure.services._common import DisclosureError, answerers
from chuangxian.notifications.services import notify
from chuangxian.orgs.permissions import member_for


def feedback_check(*, kind: str, text: str) -> list[DisclosureError]:
    """Everything wrong with a comment or a question at once."""
    problems = []
    if kind not in FeedbackKind.values:
        problems.append(DisclosureError(code="bad_kind", message=_("请选择意见建议或提问。"), field="kind"))
    text = text.strip()
    if not text:
        problems.append(DisclosureError(code="text_required", message=_("请填写内容。"), field="text"))
    elif len(text) > TEXT_MAX:
        problems.append(
            DisclosureError(
                code="text_too_long",
                message=_("内容不超过 %(max)s 字（现在 %(n)s 字）。") % {"max": TEXT_MAX, "n": len(text)},
                field="text",
            )
        )
    return problems


@transaction.atomic
def feedback_post(*, item: DisclosureItem, kind: str, text: str, actor: Actor) -> Feedback:
    """A person of the item's audience posts a comment or a question under their real name (the
    roster's). A question tells the responsible office. Locks the item. Raises Refused 'not_audience';
    DisclosureError 'bad_kind', 'text_required', 'text_too_long', 'withdrawn'."""
    if not can_post_feedback(actor, item):
        raise Refused(_("只有公开范围内的教职工可以对这个事项提意见或提问。"), code="not_audience")
    problems = feedback_check(kind=kind, text=text)
    if problems:
        raise problems[0]
    item = lock(item)
    if item.withdrawn_at is not None:
        raise DisclosureError(code="withdrawn", message=_("这个事项已经撤回。"))
    author = member_for(actor)
    assert author is not None  # can_post_feedback
    feedback = Feedback.objects.create(
        tenant_id=item.tenant_id,
        item=item,
        kind=kind,
        text=text.strip(),
        author=author,
        author_name=author.name,
        author_unit=author.unit.name,
        posted_by=login_of(actor),
    )
    audit_record(
        actor=actor,
        action=f"disclosure.{kind}.posted",
        target=feedback,
        unit=author.unit,
        data={"item": item.title, "text": feedback.text},
    )
    if kind == FeedbackKind.QUESTION:
        notify(
            tenant_id=item.tenant_id,
            recipients=answerers(item),
            kind="disclosure.question",
            title=_("校务公开「%(title)s」收到一个提问，请书面答复") % {"title": item.title},
            body=feedback.text,
            url=reverse("disclosure:detail", args=[item.pk]) + f"#q{feedback.pk}",
            key=f"disclosure-question:{feedback.pk}",
            email=False,
        )
    return feedback


@transaction.atomic
def question_answer(*, question: Feedback, answer: str, actor: Actor) -> Feedback:
    """The responsible office answers a question in writing; the asker is told. Locks the item, then
    the question. Raises Refused 'not_answerer'; DisclosureError 'not_question', 'answer_required',
    'answer_too_long', 'answered', 'withdrawn'."""
    item = DisclosureItem.objects.get(pk=question.item_id, tenant_id=question.tenant_id)
    if not can_answer(actor, item):
        raise Refused(_("只有这个事项的责任部门可以答复提问。"), code="not_answerer")
    if question.kind != FeedbackKind.QUESTION:
        raise DisclosureError(code="not_question", message=_("只有提问需要答复。"))
    answer = answer.strip()
    if not answer:
        raise DisclosureError(code="answer_required", message=_("请填写书面答复。"), field="answer")
    if len(answer) > ANSWER_MAX:
        raise DisclosureError(
            code="answer_too_long",
            message=_("答复不超过 %(max)s 字。") % {"max": ANSWER_MAX},
            field="answer",
        )
    item = lock(item)
    if item.withdrawn_at is not None:
        raise DisclosureError(code="withdrawn", message=_("这个事项已经撤回。"))
    question = lock(question)
    if question.answered_at is not None:
        raise DisclosureError(code="answered", message=_("这个提问已经答复过了。"))
    question.answer = answer
    question.answered_by = login_of(actor)
    question.answerer_name = item.responsible_unit.name
    question.answered_at = clock.now()
    question.save(update_fields=["answer", "answered_by", "answerer_name", "answered_at"])
    audit_record(
        actor=actor,
        action="disclosure.question.answered",
        target=question,
        data={"item": item.title, "answer": answer},
    )
    notify(
        tenant_id=item.tenant_id,
        recipients=[question.author],
        kind="disclosure.answer",
        title=_("您对校务公开「%(title)s」的提问已有答复") % {"title": item.title},
        url=reverse("disclosure:detail", args=[item.pk]) + f"#q{question.pk}",
        key=f"disclosure-answer:{question.pk}",
        email=False,
    )
    return question
