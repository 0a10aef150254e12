"""An appeal's life: submitted by a member, accepted, perhaps transferred, talked about, answered
within its deadline, rated; 不满意 reopens it once for a second answer.

Every service locks the appeal (within its tenant) before it checks its state and its rule, writes,
records one audit entry and tells the other side after commit (``notify``). The audit entry of a
submission names the member who submitted it, anonymous or not: the system keeps who it was; the
pages and exports of the appeal do not show it (``appeals.selectors.submitter_label``).
"""

from dataclasses import dataclass
from typing import IO

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.appeals.models import (
    Appeal,
    AppealAnswer,
    AppealMessage,
    AppealStatus,
    AppealTransfer,
    Rating,
)
from chuangxian.appeals.permissions import can_handle, can_submit, is_submitter
from chuangxian.appeals.services._common import (
    AppealError,
    answer_due,
    bad_transition,
    handlers_of,
    routable_units,
)
from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.attachments import store
from chuangxian.core.errors import Refused
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for

MAX_SUBJECT = 100


@dataclass(frozen=True)
class AppealData:
    subject: str
    text: str
    category: str
    unit: Unit | None = None  # None: the member's own college union
    anonymous: bool = False
    upload: IO[bytes] | None = None
    upload_name: str = ""


def appeal_check(data: AppealData) -> list[AppealError]:
    """Everything wrong with an appeal's fields at once (the form shows them all)."""
    from chuangxian.appeals.models import AppealCategory

    problems = []
    if not data.subject.strip():
        problems.append(
            AppealError(code="subject_required", message=_("请填写诉求的主题。"), field="subject")
        )
    elif len(data.subject.strip()) > MAX_SUBJECT:
        problems.append(
            AppealError(code="subject_too_long", message=_("主题请不超过100个字。"), field="subject")
        )
    if not data.text.strip():
        problems.append(AppealError(code="text_required", message=_("请写明诉求的具体内容。"), field="text"))
    if data.category not in AppealCategory.values:
        problems.append(AppealError(code="bad_category", message=_("请选择诉求类别。"), field="category"))
    return problems


def _url(appeal: Appeal) -> str:
    return reverse("appeals:detail", args=[appeal.pk])


@transaction.atomic
def appeal_submit(*, data: AppealData, actor: Actor) -> Appeal:
    """A member submits an appeal to their own college union (default), the school union or a
    handling office on the office's list, optionally hidden from the handler. The deadline is
    ``DEFAULT_ANSWER_DAYS`` working days from the next day. Tells the handlers. Raises Refused
    'not_member'; AppealError 'subject_required', 'subject_too_long', 'text_required',
    'bad_category', 'bad_unit'; FileCheckError for a refused attachment."""
    if not can_submit(actor):
        raise Refused(_("只有本校教职工可以提出诉求。"), code="not_member")
    member = member_for(actor)
    assert member is not None  # can_submit
    problems = appeal_check(data)
    if problems:
        raise problems[0]
    choices = routable_units(member.tenant_id, member)
    unit = data.unit or choices[0]
    if unit.pk not in {u.pk for u in choices}:
        raise AppealError(code="bad_unit", message=_("请从列表中选择承办单位。"), field="unit")
    appeal = Appeal(
        tenant_id=member.tenant_id,
        subject=data.subject.strip(),
        text=data.text.strip(),
        category=data.category,
        submitter=member,
        anonymous=data.anonymous,
        unit=unit,
        due_on=answer_due(clock.today(), tenant_id=member.tenant_id),
    )
    if data.upload is not None:
        store(appeal.attachment, data.upload, name=data.upload_name)
        appeal.attachment_name = data.upload_name[:200]
    appeal.save()
    audit_record(
        actor=actor,
        action="appeals.appeal.submitted",
        target=appeal,
        unit=unit,
        data={"unit": unit.name, "anonymous": appeal.anonymous, "due_on": appeal.due_on},
    )
    notify(
        tenant_id=appeal.tenant_id,
        recipients=handlers_of(appeal),
        kind="appeals.submitted",
        title=_("收到一条新的诉求「%(subject)s」，请受理") % {"subject": appeal.subject},
        url=_url(appeal),
        key=f"appeal-submitted:{appeal.pk}:{unit.pk}",
        email=False,
    )
    return appeal


def _locked_for_handler(appeal: Appeal, actor: Actor) -> Appeal:
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=appeal.pk, tenant_id=appeal.tenant_id)
    )
    if not can_handle(actor, appeal):
        raise Refused(_("只有诉求承办单位的负责人可以办理这条诉求。"), code="not_handler")
    return appeal


@transaction.atomic
def appeal_accept(*, appeal: Appeal, actor: Actor) -> Appeal:
    """The handler accepts a submitted appeal (待受理 → 办理中). Locks the appeal. Raises Refused
    'not_handler'; AppealError 'bad_transition'."""
    appeal = _locked_for_handler(appeal, actor)
    if appeal.status != AppealStatus.SUBMITTED:
        raise bad_transition(appeal)
    appeal.status = AppealStatus.ACCEPTED
    appeal.accepted_at = clock.now()
    appeal.save(update_fields=["status", "accepted_at"])
    audit_record(
        actor=actor,
        action="appeals.appeal.accepted",
        target=appeal,
        unit=appeal.unit,
        changes={"status": [AppealStatus.SUBMITTED, AppealStatus.ACCEPTED]},
    )
    notify(
        tenant_id=appeal.tenant_id,
        recipients=[appeal.submitter],
        kind="appeals.accepted",
        title=_("您的诉求「%(subject)s」已受理，答复期限 %(due)s")
        % {"subject": appeal.subject, "due": appeal.due_on.isoformat()},
        url=_url(appeal),
        key=f"appeal-accepted:{appeal.pk}:{appeal.unit_id}",
        email=False,
    )
    return appeal


@transaction.atomic
def appeal_transfer(*, appeal: Appeal, to_unit: Unit, reason: str, actor: Actor) -> Appeal:
    """The handler hands an open appeal to another unit (the school union, a college union, a
    handling office) with a reason; it waits there to be accepted, with the same deadline. Locks the
    appeal. Raises Refused 'not_handler'; AppealError 'bad_transition', 'reason_required',
    'bad_unit', 'same_unit'."""
    appeal = _locked_for_handler(appeal, actor)
    if appeal.status not in (AppealStatus.SUBMITTED, AppealStatus.ACCEPTED):
        raise bad_transition(appeal)
    reason = reason.strip()
    if not reason:
        raise AppealError(code="reason_required", message=_("请写明转办的理由。"), field="reason")
    if to_unit.tenant_id != appeal.tenant_id or to_unit.pk not in {
        u.pk for u in routable_units(appeal.tenant_id)
    }:
        raise AppealError(code="bad_unit", message=_("请从列表中选择转办单位。"), field="unit")
    if to_unit.pk == appeal.unit_id:
        raise AppealError(code="same_unit", message=_("诉求已在该单位办理，请选择其他单位。"), field="unit")
    from_unit = appeal.unit
    AppealTransfer.objects.create(
        tenant_id=appeal.tenant_id,
        appeal=appeal,
        from_unit=from_unit,
        to_unit=to_unit,
        reason=reason[:300],
        by=login_of(actor),
    )
    before = appeal.status
    appeal.unit = to_unit
    appeal.status = AppealStatus.SUBMITTED
    appeal.accepted_at = None
    appeal.save(update_fields=["unit", "status", "accepted_at"])
    audit_record(
        actor=actor,
        action="appeals.appeal.transferred",
        target=appeal,
        unit=to_unit,
        changes={"unit": [from_unit.name, to_unit.name], "status": [before, appeal.status]},
        data={"reason": reason},
    )
    notify(
        tenant_id=appeal.tenant_id,
        recipients=handlers_of(appeal),
        kind="appeals.submitted",
        title=_("%(from)s转来诉求「%(subject)s」，请受理")
        % {"from": from_unit.name, "subject": appeal.subject},
        url=_url(appeal),
        key=f"appeal-submitted:{appeal.pk}:{to_unit.pk}",
        email=False,
    )
    notify(
        tenant_id=appeal.tenant_id,
        recipients=[appeal.submitter],
        kind="appeals.transferred",
        title=_("您的诉求「%(subject)s」已转交%(unit)s办理")
        % {"subject": appeal.subject, "unit": to_unit.name},
        url=_url(appeal),
        key=f"appeal-transferred:{appeal.pk}:{to_unit.pk}",
        email=False,
    )
    return appeal


@transaction.atomic
def appeal_message(*, appeal: Appeal, text: str, actor: Actor) -> AppealMessage:
    """A message in the appeal's thread, by its submitter or its handler (asking for or giving more
    information); an anonymous member's message is labelled 匿名教职工. Refused once the appeal is
    closed. Locks the appeal. Raises Refused 'not_party'; AppealError 'text_required', 'closed'."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=appeal.pk, tenant_id=appeal.tenant_id)
    )
    mine = is_submitter(actor, appeal)
    if not mine and not can_handle(actor, appeal):
        raise Refused(_("只有诉求的提出人和承办人可以在这里留言。"), code="not_party")
    text = text.strip()
    if not text:
        raise AppealError(code="text_required", message=_("请填写留言内容。"), field="text")
    if appeal.status == AppealStatus.CLOSED:
        raise AppealError(code="closed", message=_("这条诉求已经办结，不能再留言。"))
    if mine:
        label = _("匿名教职工") if appeal.anonymous else appeal.submitter.name
    else:
        label = _("%(name)s（%(unit)s）") % {
            "name": actor.get_full_name() or _("承办人"),
            "unit": appeal.unit.name,
        }
    message = AppealMessage.objects.create(
        tenant_id=appeal.tenant_id,
        appeal=appeal,
        from_submitter=mine,
        author=login_of(actor),
        author_label=label[:120],
        text=text,
    )
    audit_record(actor=actor, action="appeals.message.posted", target=appeal, unit=appeal.unit)
    title = (
        _("诉求「%(subject)s」的提出人补充了信息")
        if mine
        else _("承办人就您的诉求「%(subject)s」留言，请查看并补充信息")
    ) % {"subject": appeal.subject}
    notify(
        tenant_id=appeal.tenant_id,
        recipients=handlers_of(appeal) if mine else [appeal.submitter],
        kind="appeals.message",
        title=title,
        url=_url(appeal),
        key=f"appeal-message:{message.pk}",
        email=False,
    )
    return message


@transaction.atomic
def appeal_answer(*, appeal: Appeal, text: str, actor: Actor) -> AppealAnswer:
    """The handler answers an accepted appeal in writing (办理中 → 已答复，待评价); the answer of
    this round records whether it came by the deadline. Tells the member. Locks the appeal. Raises
    Refused 'not_handler'; AppealError 'bad_transition', 'answer_required'."""
    appeal = _locked_for_handler(appeal, actor)
    if appeal.status != AppealStatus.ACCEPTED:
        raise bad_transition(appeal)
    text = text.strip()
    if not text:
        raise AppealError(code="answer_required", message=_("请填写书面答复。"), field="text")
    now = clock.now()
    answer = AppealAnswer.objects.create(
        tenant_id=appeal.tenant_id,
        appeal=appeal,
        round=appeal.round,
        text=text,
        unit_name=appeal.unit.name,
        answered_by=login_of(actor),
        answered_at=now,
        due_on=appeal.due_on,
    )
    appeal.status = AppealStatus.ANSWERED
    fields = ["status"]
    if appeal.first_answered_at is None:
        appeal.first_answered_at = now
        appeal.answered_on_time = answer.on_time
        fields += ["first_answered_at", "answered_on_time"]
    appeal.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="appeals.appeal.answered",
        target=appeal,
        unit=appeal.unit,
        changes={"status": [AppealStatus.ACCEPTED, AppealStatus.ANSWERED]},
        data={"round": answer.round, "on_time": answer.on_time, "answer": text},
    )
    notify(
        tenant_id=appeal.tenant_id,
        recipients=[appeal.submitter],
        kind="appeals.answered",
        title=_("您的诉求「%(subject)s」已有书面答复，请评价") % {"subject": appeal.subject},
        url=_url(appeal),
        key=f"appeal-answered:{appeal.pk}:{answer.round}",
        email=False,
    )
    return answer


@transaction.atomic
def appeal_rate(*, appeal: Appeal, rating: str, comment: str = "", actor: Actor) -> Appeal:
    """The submitter rates the answer: 满意 or 基本满意 close the appeal; 不满意 reopens it once
    (a second round with a new deadline, at the same unit, accepted) and closes it after the second
    answer. Locks the appeal. Raises Refused 'not_submitter'; AppealError 'bad_transition',
    'bad_rating'."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=appeal.pk, tenant_id=appeal.tenant_id)
    )
    if not is_submitter(actor, appeal):
        raise Refused(_("只有诉求的提出人本人可以评价答复。"), code="not_submitter")
    if appeal.status != AppealStatus.ANSWERED:
        raise bad_transition(appeal)
    if rating not in Rating.values:
        raise AppealError(code="bad_rating", message=_("请选择满意、基本满意或不满意。"), field="rating")
    answer = AppealAnswer.objects.select_for_update().get(
        tenant_id=appeal.tenant_id, appeal=appeal, round=appeal.round
    )
    now = clock.now()
    answer.rating = rating
    answer.rating_comment = comment.strip()[:300]
    answer.rated_at = now
    answer.save(update_fields=["rating", "rating_comment", "rated_at"])
    before = appeal.status
    appeal.rating = rating
    reopened = rating == Rating.UNSATISFIED and appeal.round == 1
    if reopened:
        appeal.round = 2
        appeal.status = AppealStatus.ACCEPTED
        appeal.due_on = answer_due(clock.today(), tenant_id=appeal.tenant_id)
    else:
        appeal.status = AppealStatus.CLOSED
        appeal.closed_at = now
    appeal.save(update_fields=["rating", "round", "status", "due_on", "closed_at"])
    audit_record(
        actor=actor,
        action="appeals.appeal.reopened" if reopened else "appeals.appeal.rated",
        target=appeal,
        unit=appeal.unit,
        changes={"status": [before, appeal.status]},
        data={"rating": rating, "round": answer.round, "comment": answer.rating_comment},
    )
    if reopened:
        notify(
            tenant_id=appeal.tenant_id,
            recipients=handlers_of(appeal),
            kind="appeals.reopened",
            title=_("诉求「%(subject)s」的答复被评为不满意，请于 %(due)s 前再次答复")
            % {"subject": appeal.subject, "due": appeal.due_on.isoformat()},
            url=_url(appeal),
            key=f"appeal-reopened:{appeal.pk}",
            email=False,
        )
    return appeal
