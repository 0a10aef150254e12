"""Reads of document study shared by pages. Query counts do not grow with members or units."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from chuangxian.campaigns.models import Campaign
from chuangxian.core import clock
from chuangxian.core.scope import lineage
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.study.models import StudyConfirmation, StudyDocument, StudyTarget
from chuangxian.study.permissions import document_target_paths


def _paths_q(paths: list[str] | None, field: str) -> Q:
    """Rows whose unit path lies under one of ``paths`` (None: everything)."""
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def study_documents_for_member(
    member: Member, campaign: Campaign | None = None, *, unconfirmed_only: bool = False
) -> QuerySet[StudyDocument]:
    """Published documents sent to the member's unit, with ``confirmed`` annotated; one query."""
    documents = StudyDocument.objects.filter(tenant_id=member.tenant_id, published_on__lte=clock.today())
    if unconfirmed_only:
        documents = documents.exclude(
            pk__in=StudyConfirmation.objects.filter(tenant_id=member.tenant_id, member=member).values(
                "document_id"
            )
        )
    if campaign is not None:
        documents = documents.filter(campaign=campaign)
    targeted = StudyTarget.objects.filter(
        tenant_id=member.tenant_id, unit__path__in=lineage(member.unit.path, member.unit.steplen)
    ).values("document_id")
    confirmed = StudyConfirmation.objects.filter(
        tenant_id=member.tenant_id, document=OuterRef("pk"), member=member
    )
    return (
        documents.filter(Q(all_units=True) | Q(pk__in=targeted))
        .annotate(confirmed=Exists(confirmed))
        .order_by("-published_on", "-id")
    )


def study_documents_for_office(tenant_id: int) -> QuerySet[StudyDocument]:
    return (
        StudyDocument.objects.filter(tenant_id=tenant_id)
        .annotate(confirmation_count=Count("confirmations"))
        .order_by("-published_on", "-id")
    )


def study_documents_in_scope(tenant_id: int, prefixes: tuple[str, ...]) -> QuerySet[StudyDocument]:
    """Published documents sent to all units or to a unit inside or above the given subtrees."""
    above = [path for prefix in prefixes for path in lineage(prefix, Unit.steplen)]
    reaching = StudyTarget.objects.filter(tenant_id=tenant_id).filter(
        _paths_q(list(prefixes), "unit__path") | Q(unit__path__in=above)
    )
    return (
        StudyDocument.objects.filter(tenant_id=tenant_id, published_on__lte=clock.today())
        .filter(Q(all_units=True) | Q(pk__in=reaching.values("document_id")))
        .order_by("-published_on", "-id")
    )


def targeted_members(document: StudyDocument, unit: Unit | None = None) -> QuerySet[Member]:
    """Active members the document is sent to, within ``unit``'s subtree when given."""
    members = Member.objects.filter(tenant_id=document.tenant_id, status=MemberStatus.ACTIVE).filter(
        _paths_q(document_target_paths(document), "unit__path")
    )
    if unit is not None:
        members = members.filter(unit__path__startswith=unit.path)
    return members


@dataclass
class UnitStudyStatus:
    unit: Unit
    total: int
    confirmed: int

    @property
    def missing(self) -> int:
        return self.total - self.confirmed

    @property
    def rate(self) -> int:
        return round(100 * self.confirmed / self.total) if self.total else 0


def study_status_for_unit(
    document: StudyDocument, unit: Unit
) -> tuple[UnitStudyStatus, QuerySet[Member], QuerySet[Member]]:
    """Counts for the unit's subtree, and (unevaluated) lists of who has not and who has confirmed."""
    members = targeted_members(document, unit)
    done = StudyConfirmation.objects.filter(tenant_id=document.tenant_id, document=document).values(
        "member_id"
    )
    counts = members.aggregate(total=Count("id"), confirmed=Count("id", filter=Q(pk__in=done)))
    status = UnitStudyStatus(unit=unit, total=counts["total"], confirmed=counts["confirmed"])
    ordered = members.select_related("unit").order_by("unit__path", "name", "staff_no")
    return status, ordered.exclude(pk__in=done), ordered.filter(pk__in=done)


def study_rates_by_unit(document: StudyDocument) -> list[UnitStudyStatus]:
    """Confirmation rate per sub-union (units one level below the root, with their subtrees), and the
    root's own members. Three queries whatever the number of units and members."""
    steplen = Unit.steplen
    paths = document_target_paths(document)
    totals = (
        Member.objects.filter(tenant_id=document.tenant_id, status=MemberStatus.ACTIVE)
        .filter(_paths_q(paths, "unit__path"))
        .values_list("unit__path")
        .annotate(n=Count("id"))
    )
    confirmed = (
        StudyConfirmation.objects.filter(
            tenant_id=document.tenant_id, document=document, member__status=MemberStatus.ACTIVE
        )
        .filter(_paths_q(paths, "member__unit__path"))
        .values_list("member__unit__path")
        .annotate(n=Count("id"))
    )
    by_top: dict[str, list[int]] = {}
    for rows, index in ((totals, 0), (confirmed, 1)):
        for path, n in rows:
            key = path[: 2 * steplen]
            by_top.setdefault(key, [0, 0])[index] += n
    units = {
        u.path: u
        for u in Unit.objects.filter(tenant_id=document.tenant_id, path__in=list(by_top)).order_by("path")
    }
    return [
        UnitStudyStatus(unit=units[path], total=total, confirmed=done)
        for path, (total, done) in sorted(by_top.items())
        if path in units
    ]
