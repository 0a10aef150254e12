"""Objections to a public notice (公示异议): filed with a real name and a contact during the period,
investigated and answered in writing by the office or the selection's discipline-inspection grant.

A substantiated objection removes the entry it concerns (``_entry_remove``: the Entry row locked and
set to removed, audited) and withdraws the round: the office publishes a new round for a new period
(``notice_publish``), and the old round stays for the record with its objections and answers.

Lock order: the notice, then the objection, then the entry, then the selection's standing round
(the same notice, or a later round when an earlier round's objection is answered late).
"""

import re

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.core.tenancy import lock
from chuangxian.notifications.services import notify
from chuangxian.orgs.permissions import member_for
from chuangxian.publicnotice.models import NoticeItem, Objection, ObjectionStatus, PublicNotice
from chuangxian.publicnotice.permissions import can_answer, can_object
from chuangxian.publicnotice.services._common import NoticeError, answerers, current_notice
from chuangxian.publicnotice.services.publish import IN_THE_RUNNING, REAL_NAME_RULE
from chuangxian.selections.models import Entry, EntryStatus, Selection
from chuangxian.selections.services import entries_settle

_PHONE = re.compile(r"^[+＋]?[\d\s()（）-]{7,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def contact_is_valid(contact: str) -> bool:
    """A phone number (with an area code, an extension...) or an e-mail address."""
    contact = contact.strip()
    digits = sum(ch.isdigit() for ch in contact)
    return bool(_EMAIL.match(contact)) or (bool(_PHONE.match(contact)) and digits >= 7)


def _same_name(typed: str, roster: str) -> bool:
    """The typed name is the roster's, spaces (and the full-width ones) aside."""
    return re.sub(r"\s+", "", typed) == re.sub(r"\s+", "", roster)


def objection_check(
    *, real_name: str, contact: str, text: str, roster_name: str | None = None
) -> list[NoticeError]:
    """Everything wrong with an objection's fields at once (the form shows them all). ``roster_name``:
    the objector's name in the roster, which the name given must be (a real name, not a pseudonym or
    someone else's)."""
    problems = []
    if not real_name.strip() or not contact.strip():
        field = "real_name" if not real_name.strip() else "contact"
        problems.append(NoticeError(code="anonymous", message=str(REAL_NAME_RULE), field=field))
    elif not contact_is_valid(contact):
        problems.append(
            NoticeError(
                code="bad_contact",
                message=_("联系方式请填写手机、电话号码或电子邮箱，以便答复。"),
                field="contact",
            )
        )
    if real_name.strip() and roster_name is not None and not _same_name(real_name, roster_name):
        problems.append(
            NoticeError(
                code="not_own_name",
                message=_("异议须以本人真实姓名提出：请填写您在花名册中的姓名“%(name)s”。")
                % {"name": roster_name},
                field="real_name",
            )
        )
    if not text.strip():
        problems.append(
            NoticeError(code="text_required", message=_("请写明异议的内容和事实依据。"), field="text")
        )
    return problems


@transaction.atomic
def objection_file(
    *,
    notice: PublicNotice,
    real_name: str,
    contact: str,
    text: str,
    item: NoticeItem | None = None,
    actor: Actor,
) -> Objection:
    """A person of the school objects to a notice during its period, under a real name with a
    contact, optionally naming the entry concerned. Tells the office and the discipline-inspection
    grant. Locks the notice. Raises Refused 'not_member'; NoticeError 'anonymous', 'bad_contact',
    'text_required', 'not_own_name', 'withdrawn', 'not_started', 'period_ended', 'bad_item'."""
    if not can_object(actor, notice):
        raise Refused(_("只有本校教职工可以实名对公示提出异议。"), code="not_member")
    objector = member_for(actor)
    assert objector is not None  # can_object
    problems = objection_check(real_name=real_name, contact=contact, text=text, roster_name=objector.name)
    if problems:
        raise problems[0]
    notice = (
        PublicNotice.objects.select_for_update(of=("self",))
        .select_related("selection")
        .get(pk=notice.pk, tenant_id=notice.tenant_id)
    )
    if not notice.is_current:
        raise NoticeError(
            code="withdrawn", message=_("这次公示已经撤下（异议成立后重新公示），请对最新的公示提出异议。")
        )
    today = clock.today()
    if today < notice.starts_on:
        raise NoticeError(
            code="not_started",
            message=_("公示自 %(start)s 开始，开始后才能提出异议。")
            % {"start": notice.starts_on.isoformat()},
        )
    if today > notice.ends_on:
        raise NoticeError(
            code="period_ended",
            message=_("公示期已于 %(end)s 结束，不再受理异议。") % {"end": notice.ends_on.isoformat()},
        )
    if item is not None and (item.notice_id != notice.pk or item.tenant_id != notice.tenant_id):
        raise NoticeError(code="bad_item", message=_("所选对象不在这次公示中。"), field="item")
    objection = Objection.objects.create(
        tenant_id=notice.tenant_id,
        notice=notice,
        item=item,
        real_name=real_name.strip(),
        contact=contact.strip(),
        text=text.strip(),
        objector=objector,
        filed_by=login_of(actor),
    )
    audit_record(
        actor=actor,
        action="publicnotice.objection.filed",
        target=objection,
        data={"notice": notice.title, "item": item.name if item else ""},
    )
    notify(
        tenant_id=notice.tenant_id,
        recipients=answerers(notice.selection),
        kind="publicnotice.objection",
        title=_("「%(title)s」收到一条实名异议，请调查核实并书面答复") % {"title": notice.title},
        url=reverse("publicnotice:objection", args=[objection.pk]),
        key=f"objection-filed:{objection.pk}",
        email=False,
    )
    return objection


def _entry_remove(*, entry: Entry, objection: Objection, actor: Actor) -> Entry:
    """Remove an entry after a substantiated objection: the Entry row locked within its tenant, set
    to removed with the reason, audited. Called only by ``objection_answer`` after its rule and
    state checks; the outcome is written by the selections app's ``entries_settle``."""
    entry = lock(entry)
    if entry.status not in IN_THE_RUNNING:
        return entry
    before = entry.status
    reason = (_("公示期间异议成立：%(answer)s") % {"answer": objection.answer})[:300]
    entries_settle(tenant_id=entry.tenant_id, entry_ids=[entry.pk], status=EntryStatus.REMOVED, reason=reason)
    entry.refresh_from_db(fields=["status", "removed_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="publicnotice.entry.removed",
        target=entry,
        changes={"status": [before, entry.status]},
        data={"objection": objection.pk, "reason": entry.removed_reason},
    )
    return entry


@transaction.atomic
def objection_answer(
    *,
    objection: Objection,
    substantiated: bool,
    answer: str,
    item: NoticeItem | None = None,
    actor: Actor,
) -> Objection:
    """The office or the selection's discipline-inspection grant answers an objection in writing
    after investigating it. Substantiated, it removes the entry concerned (the objection's own, or
    ``item`` when the objector named none) and withdraws the round, so that the office publishes
    the notice again for a new period. The objector is told. Locks the notice, then the objection,
    then the entry, then the round standing now. Raises Refused 'not_answerer'; NoticeError 'answer_required', 'answered',
    'item_required', 'bad_item'."""
    selection = Selection.objects.get(pk=objection.notice.selection_id, tenant_id=objection.tenant_id)
    if not can_answer(actor, selection):
        raise Refused(_("只有学校工会或本次评选的纪检监察人员可以答复异议。"), code="not_answerer")
    answer = answer.strip()
    if not answer:
        raise NoticeError(
            code="answer_required", message=_("请填写书面答复（调查核实的情况和结论）。"), field="answer"
        )
    notice = lock(objection.notice)
    objection = lock(objection)
    if objection.status != ObjectionStatus.OPEN:
        raise NoticeError(code="answered", message=_("这条异议已经答复过了。"))
    concerned = objection.item if objection.item_id else item
    if substantiated and concerned is None:
        raise NoticeError(
            code="item_required",
            message=_("异议成立时，请选择要移出的公示对象。"),
            field="item",
        )
    if concerned is not None and concerned.notice_id != notice.pk:
        raise NoticeError(code="bad_item", message=_("所选对象不在这次公示中。"), field="item")
    objection.status = ObjectionStatus.SUBSTANTIATED if substantiated else ObjectionStatus.REJECTED
    objection.answer = answer
    objection.answered_by = login_of(actor)
    objection.answered_at = clock.now()
    if substantiated and not objection.item_id:
        objection.item = concerned
    objection.save(update_fields=["status", "answer", "answered_by", "answered_at", "item"])
    audit_record(
        actor=actor,
        action="publicnotice.objection.answered",
        target=objection,
        changes={"status": [ObjectionStatus.OPEN, objection.status]},
        data={"answer": answer},
    )
    if substantiated and concerned is not None:
        _entry_remove(entry=concerned.entry, objection=objection, actor=actor)
        # The round standing now (this one, or a later one when an earlier round's objection is
        # answered late) is withdrawn if it lists the entry.
        standing = current_notice(selection, lock=True)
        if (
            standing is not None
            and standing.is_current
            and standing.items.filter(tenant_id=standing.tenant_id, entry_id=concerned.entry_id).exists()
        ):
            _withdraw(standing, concerned, actor)
    notify(
        tenant_id=objection.tenant_id,
        recipients=[objection.objector],
        kind="publicnotice.answered",
        title=_("您对「%(title)s」提出的异议已有书面答复：%(result)s")
        % {"title": notice.title, "result": objection.get_status_display()},
        url=reverse("publicnotice:objection", args=[objection.pk]),
        key=f"objection-answered:{objection.pk}",
        email=False,
    )
    return objection


def _withdraw(notice: PublicNotice, item: NoticeItem, actor: Actor) -> None:
    """Withdraw the standing round (locked by the caller) after ``item``'s entry was removed."""
    notice.withdrawn_at = clock.now()
    notice.withdrawn_reason = (_("异议成立，%(name)s已移出，须重新公示。") % {"name": item.name})[:300]
    notice.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action="publicnotice.notice.withdrawn",
        target=notice,
        data={"reason": notice.withdrawn_reason},
    )
    selection = notice.selection
    notify(
        tenant_id=notice.tenant_id,
        recipients=answerers(selection),
        kind="publicnotice.republish",
        title=_("「%(title)s」：异议成立，公示已撤下，请重新公示") % {"title": notice.title},
        url=reverse("publicnotice:publish", args=[selection.pk]),
        key=f"notice-withdrawn:{notice.pk}",
        email=False,
    )
