"""Reads of awards shared by the pages, the certificates and the export: each a fixed number of
queries whatever the number of winners."""

from dataclasses import dataclass

from django.db.models import QuerySet

from chuangxian.awards.certificate import DEFAULT_BODY, DEFAULT_TITLE, Page, Wording, page_for
from chuangxian.awards.models import Award, CertificateTemplate
from chuangxian.awards.permissions import CERTIFICATE_RELATED, can_view_certificate
from chuangxian.core.actors import Actor
from chuangxian.core.filters import NO_FILTER, ListFilter, text_q
from chuangxian.core.models import Tenant
from chuangxian.selections.models import Entry, EntryStatus, Selection

# Entries still in the running at the final stage (those already announced included).
IN_THE_RUNNING = (EntryStatus.NOMINATED, EntryStatus.PASSED, EntryStatus.AWARDED)


def awards_of_selection(selection: Selection) -> list[Award]:
    """The selection's winners in the order of their certificates; one query."""
    return list(
        Award.objects.filter(tenant_id=selection.tenant_id, selection=selection)
        .select_related(*CERTIFICATE_RELATED)
        .order_by("year", "number")
    )


@dataclass(frozen=True)
class ResultRow:
    award: Award
    may_see_certificate: bool


def results_rows(selection: Selection, actor: Actor) -> list[ResultRow]:
    return [ResultRow(award, can_view_certificate(actor, award)) for award in awards_of_selection(selection)]


def candidates_for_announcement(selection: Selection) -> list[Entry]:
    """Entries the office may tick: still in the running at the final stage; one query."""
    return list(
        Entry.objects.filter(tenant_id=selection.tenant_id, selection=selection, status__in=IN_THE_RUNNING)
        .select_related("nominating_unit", "member__unit")
        .order_by("nominating_unit__path", "nominated_at", "id")
    )


def default_union_name(tenant: Tenant) -> str:
    return tenant.name if tenant.name.endswith("工会") else f"{tenant.name}工会"


def certificate_template_for(tenant: Tenant) -> CertificateTemplate:
    """The school's certificate template, or the default (unsaved) when the office has saved none."""
    saved = CertificateTemplate.objects.filter(tenant_id=tenant.pk).first()
    if saved is not None:
        return saved
    union = default_union_name(tenant)
    return CertificateTemplate(
        tenant=tenant, title=DEFAULT_TITLE, body=DEFAULT_BODY, union_name=union, signature=union
    )


def wording_of(template: CertificateTemplate) -> Wording:
    return Wording(
        title=template.title,
        body=template.body,
        union_name=template.union_name,
        signature=template.signature,
        date_format=template.date_format,
    )


def certificate_page(wording: Wording, award: Award) -> Page:
    return page_for(
        wording,
        name=award.name,
        honour=award.honour,
        unit_name=award.unit_name,
        awarded_on=award.awarded_on,
        number=award.certificate_no,
    )


def _honours(qs: QuerySet[Award]) -> list[Award]:
    return list(qs.select_related("selection").order_by("-awarded_on", "-id"))


def honours_of_member(member_id: int, tenant_id: int) -> list[Award]:
    return _honours(Award.objects.filter(tenant_id=tenant_id, entry__member_id=member_id))


def honours_of_unit(unit_id: int, tenant_id: int) -> list[Award]:
    return _honours(Award.objects.filter(tenant_id=tenant_id, entry__unit_id=unit_id))


def honours_of_project(project_id: int, tenant_id: int) -> list[Award]:
    return _honours(Award.objects.filter(tenant_id=tenant_id, entry__project_id=project_id))


def exemplar_list(tenant_id: int, *, filters: ListFilter = NO_FILTER) -> QuerySet[Award]:
    """The school's exemplars, newest first; ``filters``: text in the name, unit or honour; ``kind``
    of the entry (member / unit / project)."""
    qs = Award.objects.filter(tenant_id=tenant_id, exemplar=True)
    qs = qs.filter(text_q(filters.q, ("name", "unit_name", "honour")))
    if filters.get("kind"):
        qs = qs.filter(entry__kind=filters.get("kind"))
    return qs.select_related("selection", "entry").order_by("-awarded_on", "-id")
