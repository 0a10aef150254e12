"""Every write to awards, one function per action, each taking a typed actor.

- ``awards_announce``: the office announces the winners of a selection at its final stage (the
  entries it ticks among those still in the running; all of them by default), each with the next
  certificate number of the school's year. Idempotent: an entry announced already is left as it is.
- ``award_exemplar_set``: the office flags a winner as an exemplar (先进典型), or unflags them.
- ``certificate_template_save``: the office saves the school's certificate template.
- ``awards_notice_draft``: the office drafts the official notice listing the winners through the
  documents engine (``documents.services.notice_create``); it then edits and issues it as usual.

Lock order: the selection, then its entries, then the school's certificate sequence of the year.
"""

from collections.abc import Collection
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.awards.certificate import unknown_placeholders
from chuangxian.awards.models import Award, CertificateSequence, CertificateTemplate, DateFormat
from chuangxian.awards.permissions import can_manage_awards
from chuangxian.awards.selectors import IN_THE_RUNNING, awards_of_selection
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.models import Tenant
from chuangxian.documents.models import Notice
from chuangxian.documents.services import NoticeFields, notice_create
from chuangxian.selections.models import Entry, EntryStatus, Selection, SelectionStatus, Stage
from chuangxian.selections.services import entries_settle


class AwardError(DomainError):
    pass


def _require_office(actor: Actor, tenant_id: int) -> None:
    if not can_manage_awards(actor, tenant_id):
        raise Refused(_("只有学校工会（创先办）可以进行此操作。"), code="not_office")


def _locked_selection(selection: Selection) -> Selection:
    return (
        Selection.objects.select_for_update(of=("self",))
        .select_related("type", "campaign")
        .get(pk=selection.pk, tenant_id=selection.tenant_id)
    )


def _next_number(tenant_id: int, year: int) -> int:
    """The next certificate number of the school's year, taken under the sequence row's lock (created
    if missing; a concurrent creation loses on the unique constraint and reads the winner's row)."""
    sequence, _created = CertificateSequence.objects.get_or_create(tenant_id=tenant_id, year=year)
    sequence = CertificateSequence.objects.select_for_update().get(pk=sequence.pk, tenant_id=tenant_id)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def _names(entry: Entry) -> tuple[str, str]:
    """The winner's name and unit as printed: a member by name with their unit, a project or a unit
    by its name with the nominating unit."""
    if entry.member is not None:
        return entry.member.name, entry.member.unit.name
    return entry.candidate_name, entry.nominating_unit.name


def _mark_awarded(entries: list[Entry]) -> None:
    """The entries' status becomes 获评, which the selections' "not already honoured" rule reads."""
    entries_settle(
        tenant_id=entries[0].tenant_id, entry_ids=[e.pk for e in entries], status=EntryStatus.AWARDED
    )


@transaction.atomic
def awards_announce(
    *, selection: Selection, awarded_on: date, actor: Actor, entry_ids: Collection[int] | None = None
) -> list[Award]:
    """The office announces the winners of ``selection`` (at its final stage): the entries of
    ``entry_ids`` among those still in the running, or all of them when None. Entries announced
    already are kept as they are (announcing twice duplicates nothing). Locks the selection, then
    the entries, then the certificate sequence. Returns the awards created now. Raises Refused
    'not_office'; AwardError 'not_final', 'none_chosen', 'not_in_running'."""
    _require_office(actor, selection.tenant_id)
    selection = _locked_selection(selection)
    if selection.status != SelectionStatus.FINISHED or selection.stage != Stage.FINAL:
        raise AwardError(
            code="not_final",
            message=_("评选进入“结果公布”环节后才能公布获奖名单（公示期满且无未结异议）。"),
        )
    running = list(
        Entry.objects.select_for_update(of=("self",))
        .filter(tenant_id=selection.tenant_id, selection=selection, status__in=IN_THE_RUNNING)
        .select_related("nominating_unit", "member__unit")
        .order_by("nominating_unit__path", "nominated_at", "id")
    )
    if entry_ids is not None:
        wanted = set(entry_ids)
        unknown = wanted - {e.pk for e in running}
        if unknown:
            raise AwardError(
                code="not_in_running",
                message=_("所选对象中有已撤回、未通过或不属于本评选的，请刷新页面后重新勾选。"),
                field="entries",
            )
        running = [e for e in running if e.pk in wanted]
    if not running:
        raise AwardError(code="none_chosen", message=_("请至少勾选一个获奖对象。"), field="entries")
    announced = set(
        Award.objects.filter(tenant_id=selection.tenant_id, entry__in=running).values_list(
            "entry_id", flat=True
        )
    )
    new = [e for e in running if e.pk not in announced]
    awards = []
    for entry in new:
        name, unit_name = _names(entry)
        awards.append(
            Award.objects.create(
                tenant_id=selection.tenant_id,
                selection=selection,
                entry=entry,
                name=name,
                unit_name=unit_name,
                honour=selection.type.name,
                awarded_on=awarded_on,
                year=awarded_on.year,
                number=_next_number(selection.tenant_id, awarded_on.year),
                announced_by=login_of(actor),
            )
        )
    if new:
        _mark_awarded(new)
        audit_record(
            actor=actor,
            action="awards.announced",
            target=selection,
            data={
                "awarded_on": awarded_on,
                "winners": [f"{a.name}（{a.certificate_no}）" for a in awards],
                "kept": len(announced),
            },
        )
    return awards


@transaction.atomic
def award_exemplar_set(*, award: Award, exemplar: bool, actor: Actor) -> Award:
    """The office flags a winner as an exemplar for publicity, or takes the flag off. Locks the
    award. Raises Refused 'not_office'."""
    _require_office(actor, award.tenant_id)
    award = Award.objects.select_for_update().get(pk=award.pk, tenant_id=award.tenant_id)
    if award.exemplar != exemplar:
        award.exemplar = exemplar
        award.save(update_fields=["exemplar"])
        audit_record(
            actor=actor,
            action="awards.exemplar.set",
            target=award,
            changes={"exemplar": [not exemplar, exemplar]},
            data={"name": award.name},
        )
    return award


@transaction.atomic
def certificate_template_save(
    *,
    tenant: Tenant,
    title: str,
    body: str,
    union_name: str,
    signature: str,
    date_format: str,
    actor: Actor,
) -> CertificateTemplate:
    """The office saves the school's certificate template (created the first time). Every problem
    is reported at once (``AwardError`` 'bad_template' with all the sentences). Locks the template.
    Raises Refused 'not_office'."""
    _require_office(actor, tenant.pk)
    values = {
        "title": title.strip(),
        "body": body.strip(),
        "union_name": union_name.strip(),
        "signature": signature.strip(),
        "date_format": date_format,
    }
    problems = [
        _("请填写%(what)s。") % {"what": label}
        for name, label in (("title", _("证书标题")), ("body", _("证书正文")), ("union_name", _("工会名称")))
        if not values[name]
    ]
    unknown = unknown_placeholders(values["body"] + values["signature"])
    if unknown:
        problems.append(
            _("无法识别的占位符：%(names)s。可用的占位符：{姓名} {荣誉} {日期} {单位} {工会名称}。")
            % {"names": "、".join(f"{{{n}}}" for n in unknown)}
        )
    if date_format not in DateFormat.values:
        problems.append(_("请选择日期格式。"))
    if problems:
        raise AwardError(code="bad_template", message=" ".join(problems))
    CertificateTemplate.objects.get_or_create(tenant_id=tenant.pk, defaults=values)
    template = CertificateTemplate.objects.select_for_update().get(tenant_id=tenant.pk)
    changes = {
        name: [getattr(template, name), value]
        for name, value in values.items()
        if getattr(template, name) != value
    }
    for name, value in values.items():
        setattr(template, name, value)
    template.updated_by = login_of(actor)
    template.save()
    audit_record(actor=actor, action="awards.template.saved", target=template, changes=changes)
    return template


def _notice_body(selection: Selection, awards: list[Award]) -> str:
    lines = [
        _("经各单位推荐、审核、评审和公示，学校工会决定授予以下%(n)s位（个）对象“%(honour)s”荣誉称号：")
        % {"n": len(awards), "honour": selection.type.name},
        "",
    ]
    lines += [f"{i}. {a.name}（{a.unit_name}）" for i, a in enumerate(awards, 1)]
    lines += ["", _("希望受到表彰的先进典型珍惜荣誉，再接再厉；全校教职工以他们为榜样，创先争优。")]
    return "\n".join(lines)


@transaction.atomic
def awards_notice_draft(*, selection: Selection, prefix: str, issuing_office: str, actor: Actor) -> Notice:
    """The office drafts the official notice listing the selection's winners (a draft of the
    documents engine, numbered when the office issues it). Locks the selection. Raises Refused
    'not_office'; AwardError 'no_awards'; what ``notice_create`` raises."""
    _require_office(actor, selection.tenant_id)
    selection = _locked_selection(selection)
    awards = awards_of_selection(selection)
    if not awards:
        raise AwardError(code="no_awards", message=_("还没有公布获奖名单，请先公布。"))
    fields = NoticeFields(
        prefix=prefix,
        year=awards[-1].awarded_on.year,
        title=_("关于公布%(title)s结果的通知") % {"title": selection.title},
        body=_notice_body(selection, awards),
        issuing_office=issuing_office,
        addressees=_("各二级工会、直属工会小组"),
    )
    notice = notice_create(tenant=selection.tenant, fields=fields, actor=actor, campaign=selection.campaign)
    audit_record(
        actor=actor,
        action="awards.notice.drafted",
        target=selection,
        data={"notice": notice.title, "winners": len(awards)},
    )
    return notice
