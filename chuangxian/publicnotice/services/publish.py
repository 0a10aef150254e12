"""Publishing a selection's public notice (公示) and finalising its result.

``notice_publish`` lists the entries still in the running with their achievements, for N working
days from a start date (``working_day_period``: the platform's one working-day computation), and
optionally issues it as a numbered official notice through the documents engine (``notice_create``
then ``notice_issue``, in the same transaction: a refused official notice publishes nothing).
``notice_finalise`` moves the selection to its final stage through ``selection_advance`` once the
period is over and no objection is open.

Lock order: the selection, then its latest notice (``notice_finalise``); the objection services lock
the notice, then the objection, then the entry.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.documents.models import Notice
from chuangxian.documents.services import NoticeFields, notice_create, notice_issue
from chuangxian.publicnotice.models import (
    DEFAULT_WORKING_DAYS,
    NoticeItem,
    Objection,
    ObjectionStatus,
    PublicNotice,
)
from chuangxian.publicnotice.services._common import (
    NoticeError,
    _require_office,
    current_notice,
    locked_selection,
)
from chuangxian.selections.models import Entry, EntryStatus, Selection, SelectionStatus, Stage
from chuangxian.selections.services import selection_advance
from chuangxian.workdays.calendar import WorkdayPeriod, working_day_period

MIN_WORKING_DAYS = 5  # 公示期一般不少于 5 个工作日, as the unions' own rules say
MAX_WORKING_DAYS = 30  # a 公示 is days or weeks; more is a typing error
# Entries still in the running at the notice stage: not withdrawn, not removed (nor yet awarded).
IN_THE_RUNNING = (EntryStatus.NOMINATED, EntryStatus.PASSED)
REAL_NAME_RULE = gettext_lazy("公示期间的异议须署真实姓名和联系方式，匿名异议不予受理。")


@dataclass(frozen=True)
class OfficialNotice:
    """How the notice is issued as an official notice (公文): the series' 机关代字 and the signature."""

    prefix: str
    issuing_office: str


def entries_in_the_running(selection: Selection) -> list[Entry]:
    return list(
        Entry.objects.filter(tenant_id=selection.tenant_id, selection=selection, status__in=IN_THE_RUNNING)
        .select_related("nominating_unit", "member__unit")
        .order_by("nominating_unit__path", "nominated_at", "id")
    )


def unlisted_entries(selection: Selection, notice: PublicNotice) -> list[str]:
    """The entries in the running that ``notice`` does not list (nominated after it was published)."""
    listed = set(
        NoticeItem.objects.filter(tenant_id=notice.tenant_id, notice=notice).values_list(
            "entry_id", flat=True
        )
    )
    return [entry.candidate_name for entry in entries_in_the_running(selection) if entry.pk not in listed]


def notice_period(starts_on: date, working_days: int, *, tenant_id: int) -> WorkdayPeriod:
    """The period of a notice: ``working_days`` working days from ``starts_on`` (day 1 is the start
    day when it is a working day). Raises NoticeError 'bad_days' outside
    MIN_WORKING_DAYS..MAX_WORKING_DAYS."""
    if not MIN_WORKING_DAYS <= working_days <= MAX_WORKING_DAYS:
        raise NoticeError(
            code="bad_days",
            message=_("公示期应为 %(min)s 到 %(max)s 个工作日（不少于 %(min)s 个工作日）。")
            % {"min": MIN_WORKING_DAYS, "max": MAX_WORKING_DAYS},
            field="working_days",
        )
    try:
        return working_day_period(starts_on, working_days, tenant_id=tenant_id)
    except ValueError as error:
        raise NoticeError(
            code="bad_days", message=_("公示期超出了日历的范围。"), field="starts_on"
        ) from error


def notice_title(selection: Selection, round_no: int) -> str:
    title = _("关于%(title)s拟表彰（推荐）对象的公示") % {"title": selection.title}
    return title if round_no == 1 else _("%(title)s（第%(n)s次）") % {"title": title, "n": round_no}


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _official_body(notice: PublicNotice, items: list[NoticeItem]) -> str:
    lines = [
        notice.intro
        or _("根据%(title)s的有关安排，经单位推荐和评审，现将拟表彰（推荐）对象予以公示。")
        % {"title": notice.selection.title},
        _("公示期：%(start)s至%(end)s（%(days)s个工作日）。")
        % {"start": _cn_date(notice.starts_on), "end": _cn_date(notice.ends_on), "days": notice.working_days},
        _("一、公示对象"),
    ]
    lines += [f"{i}. {item.name}（{item.unit_name}）：{item.achievements}" for i, item in enumerate(items, 1)]
    lines += [_("二、异议受理"), notice.contact, str(REAL_NAME_RULE)]
    return "\n".join(line.replace("\n", " ") for line in lines)


@transaction.atomic
def notice_publish(
    *,
    selection: Selection,
    starts_on: date,
    contact: str,
    working_days: int = DEFAULT_WORKING_DAYS,
    achievements: Mapping[int, str] | None = None,
    intro: str = "",
    official: OfficialNotice | None = None,
    actor: Actor,
) -> PublicNotice:
    """The office publishes the selection's public notice (its first round, or a new round after a
    substantiated objection withdrew the last one): the entries still in the running, each with its
    achievements (``achievements`` by entry id; the entry's summary where not given), for
    ``working_days`` working days from ``starts_on``. With ``official``, the notice is also issued
    as a numbered official notice. Locks the selection. Raises Refused 'not_office'; NoticeError
    'wrong_stage', 'already_published', 'contact_required', 'past_start', 'bad_days', 'no_entries',
    'achievements_required'; what ``notice_create`` / ``notice_issue`` raise."""
    _require_office(actor, selection.tenant_id)
    selection = locked_selection(selection)
    if selection.status != SelectionStatus.OPEN or selection.stage != Stage.NOTICE:
        raise NoticeError(code="wrong_stage", message=_("评选不在「公示」环节，不能发布公示。"))
    latest = current_notice(selection, lock=True)
    unlisted = unlisted_entries(selection, latest) if latest is not None and latest.is_current else []
    if latest is not None and latest.is_current and unlisted:
        # Entries came into the running after this round was published (the stage was moved back
        # for a late nomination): the round is withdrawn, and this one lists everyone.
        latest.withdrawn_at = clock.now()
        latest.withdrawn_reason = (
            _("补充公示：%(names)s未经本次公示，须重新公示。") % {"names": "、".join(unlisted)}
        )[:300]
        latest.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        audit_record(
            actor=actor,
            action="publicnotice.notice.withdrawn",
            target=latest,
            data={"reason": latest.withdrawn_reason},
        )
    elif latest is not None and latest.is_current:
        raise NoticeError(
            code="already_published",
            message=_(
                "本评选的第%(n)s次公示已经发布（公示期至 %(end)s）；只有异议成立、公示撤下后才能重新公示。"
            )
            % {"n": latest.round_no, "end": latest.ends_on.isoformat()},
        )
    contact = contact.strip()
    if not contact:
        raise NoticeError(
            code="contact_required",
            message=_("请写明异议受理方式（受理部门、电话或电子邮箱）。"),
            field="contact",
        )
    if starts_on < clock.today():
        raise NoticeError(
            code="past_start",
            message=_(
                "公示不能从已经过去的日期开始，请从今天（%(today)s）或以后开始，让大家有完整的公示期提出异议。"
            )
            % {"today": clock.today().isoformat()},
            field="starts_on",
        )
    period = notice_period(starts_on, working_days, tenant_id=selection.tenant_id)
    entries = entries_in_the_running(selection)
    if not entries:
        raise NoticeError(code="no_entries", message=_("没有可以公示的推荐对象。"))
    texts = {entry.pk: (achievements or {}).get(entry.pk, entry.summary).strip() for entry in entries}
    missing = [entry.candidate_name for entry in entries if not texts[entry.pk]]
    if missing:
        raise NoticeError(
            code="achievements_required",
            message=_("请填写以下公示对象的主要事迹：%(names)s。") % {"names": "、".join(missing)},
        )
    round_no = (
        PublicNotice.objects.filter(tenant_id=selection.tenant_id, selection=selection).aggregate(
            n=Max("round_no")
        )["n"]
        or 0
    ) + 1
    notice = PublicNotice.objects.create(
        tenant_id=selection.tenant_id,
        selection=selection,
        round_no=round_no,
        title=notice_title(selection, round_no),
        starts_on=starts_on,
        working_days=working_days,
        ends_on=period.end,
        contact=contact,
        intro=intro.strip(),
        published_by=login_of(actor),
    )
    items = NoticeItem.objects.bulk_create(
        NoticeItem(
            tenant_id=selection.tenant_id,
            notice=notice,
            entry=entry,
            position=position,
            name=entry.member.name if entry.member else entry.candidate_name,
            unit_name=entry.member.unit.name if entry.member else entry.nominating_unit.name,
            achievements=texts[entry.pk],
        )
        for position, entry in enumerate(entries, 1)
    )
    if official is not None:
        notice.official_notice = _issue(notice, items, official, actor)
        notice.save(update_fields=["official_notice"])
    audit_record(
        actor=actor,
        action="publicnotice.notice.published",
        target=notice,
        data={
            "round_no": round_no,
            "starts_on": starts_on,
            "working_days": working_days,
            "ends_on": period.end,
            "entries": [item.name for item in items],
            "document": notice.official_notice.document_number if notice.official_notice else "",
        },
    )
    return notice


def _issue(notice: PublicNotice, items: list[NoticeItem], official: OfficialNotice, actor: Actor) -> Notice:
    selection = notice.selection
    draft = notice_create(
        tenant=selection.tenant,
        campaign=selection.campaign,
        fields=NoticeFields(
            prefix=official.prefix,
            year=notice.starts_on.year,
            title=notice.title,
            body=_official_body(notice, items),
            issuing_office=official.issuing_office,
            signed_on=clock.today(),
        ),
        actor=actor,
    )
    return notice_issue(notice=draft, actor=actor)


def open_objections(selection: Selection) -> int:
    return Objection.objects.filter(
        tenant_id=selection.tenant_id, notice__selection=selection, status=ObjectionStatus.OPEN
    ).count()


@transaction.atomic
def notice_finalise(*, selection: Selection, actor: Actor) -> Selection:
    """The office ends the public notice: the result becomes final and the selection moves to its
    final stage (``selection_advance``). Only when the latest round's period has ended and no
    objection of any round is open. Locks the selection, then its latest notice. Raises Refused
    'not_office'; NoticeError 'wrong_stage', 'not_published', 'republish_needed', 'period_running',
    'objections_open'."""
    _require_office(actor, selection.tenant_id)
    selection = locked_selection(selection)
    if selection.status != SelectionStatus.OPEN or selection.stage != Stage.NOTICE:
        raise NoticeError(code="wrong_stage", message=_("评选不在「公示」环节。"))
    notice = current_notice(selection, lock=True)
    if notice is None:
        raise NoticeError(code="not_published", message=_("还没有发布公示。"))
    if not notice.is_current:
        raise NoticeError(
            code="republish_needed",
            message=_("异议成立后公示已撤下，须重新公示，新的公示期满后才能公布结果。"),
        )
    if clock.today() <= notice.ends_on:
        raise NoticeError(
            code="period_running",
            message=_("公示期至 %(end)s 结束，尚未期满") % {"end": notice.ends_on.isoformat()},
        )
    pending = open_objections(selection)
    if pending:
        raise NoticeError(code="objections_open", message=_("尚有 %(n)s 条异议未处理完毕") % {"n": pending})
    unlisted = unlisted_entries(selection, notice)
    if unlisted:  # nominated after this round was published (the stage was moved back and forth)
        raise NoticeError(
            code="republish_needed",
            message=_(
                "以下对象没有经过这次公示：%(names)s。请重新发布公示（本次公示随之撤下），期满后才能公布结果。"
            )
            % {"names": "、".join(unlisted)},
        )
    notice.finalised_at = clock.now()
    notice.finalised_by = login_of(actor)
    notice.save(update_fields=["finalised_at", "finalised_by"])
    audit_record(
        actor=actor,
        action="publicnotice.notice.finalised",
        target=notice,
        data={"round_no": notice.round_no, "ends_on": notice.ends_on},
    )
    return selection_advance(selection=selection, from_stage=Stage.NOTICE, actor=actor)
