"""The appeals and the ledger as exports.

``appeals.appeals`` (the school's office): every appeal of the school with its unit, status,
deadline, answers and rating; the submitter's name only where the appeal is not anonymous (the
same SQL annotation as the inbox: an anonymous appeal's name is never read). ``appeals.ledger``
(anyone of the school): the ledger of practical matters with the appeals each resolves. A fixed
number of queries whatever the rows."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy

from chuangxian.appeals.models import Appeal, MatterAppeal, PracticalMatter
from chuangxian.appeals.permissions import can_oversee
from chuangxian.appeals.selectors import shown_name
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.exports.registry import Column, Exporter, Kind
from chuangxian.orgs.permissions import in_tenant


def _school(actor: Actor) -> int:
    if actor.tenant_id is None:
        raise Refused(gettext_lazy("请以本校账号导出。"), code="no_school")
    return actor.tenant_id


class AppealsExporter(Exporter):
    name = "appeals.appeals"
    label = gettext_lazy("诉求办理情况")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("编号"), width=10),
        Column(gettext_lazy("主题"), width=30),
        Column(gettext_lazy("类别"), width=10),
        Column(gettext_lazy("提出人"), width=14),
        Column(gettext_lazy("承办单位"), width=24),
        Column(gettext_lazy("状态"), width=14),
        Column(gettext_lazy("提交时间"), Kind.DATETIME),
        Column(gettext_lazy("答复期限"), Kind.DATE),
        Column(gettext_lazy("首次答复时间"), Kind.DATETIME),
        Column(gettext_lazy("按期答复"), width=8),
        Column(gettext_lazy("答复轮次"), Kind.NUMBER, width=8),
        Column(gettext_lazy("评价"), width=10),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return actor.tenant_id is not None and can_oversee(actor, actor.tenant_id)

    def _qs(self, actor: Actor) -> Any:
        return Appeal.objects.filter(tenant_id=_school(actor))

    def count(self, actor: Actor, **objs: Any) -> int | None:
        return int(self._qs(actor).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        appeals = (
            self._qs(actor)
            .annotate(shown_name=shown_name())
            .select_related("unit")
            .only(
                "id",
                "tenant_id",
                "subject",
                "category",
                "status",
                "submitted_at",
                "due_on",
                "first_answered_at",
                "answered_on_time",
                "round",
                "rating",
                "anonymous",
                "unit__name",
            )
            .order_by("pk")
        )
        yes, no = str(gettext_lazy("是")), str(gettext_lazy("否"))
        for appeal in appeals:
            on_time = "" if appeal.answered_on_time is None else (yes if appeal.answered_on_time else no)
            yield (
                appeal.number,
                appeal.subject,
                appeal.get_category_display(),
                appeal.shown_name,
                appeal.unit.name,
                appeal.get_status_display(),
                appeal.submitted_at,
                appeal.due_on,
                appeal.first_answered_at,
                on_time,
                appeal.round,
                appeal.get_rating_display() if appeal.rating else "",
            )


class LedgerExporter(Exporter):
    name = "appeals.ledger"
    label = gettext_lazy("办实事台账")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("序号"), Kind.NUMBER, width=6),
        Column(gettext_lazy("事项"), width=30),
        Column(gettext_lazy("办理单位"), width=24),
        Column(gettext_lazy("办结日期"), Kind.DATE),
        Column(gettext_lazy("受益人数"), Kind.NUMBER, width=10),
        Column(gettext_lazy("办理情况"), width=50),
        Column(gettext_lazy("关联诉求"), width=40),
    )

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return actor.tenant_id is not None and in_tenant(actor, actor.tenant_id)

    def count(self, actor: Actor, **objs: Any) -> int | None:
        return int(PracticalMatter.objects.filter(tenant_id=_school(actor)).aggregate(n=Count("id"))["n"])

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        tenant_id = _school(actor)
        links: dict[int, list[str]] = {}
        for matter_id, appeal_id, subject in (
            MatterAppeal.objects.filter(tenant_id=tenant_id)
            .order_by("appeal_id")
            .values_list("matter_id", "appeal_id", "appeal__subject")
        ):
            links.setdefault(matter_id, []).append(f"SQ{appeal_id:05d} {subject}")
        matters = (
            PracticalMatter.objects.filter(tenant_id=tenant_id)
            .select_related("unit")
            .order_by("-done_on", "-id")
        )
        for number, matter in enumerate(matters, start=1):
            yield (
                number,
                matter.title,
                matter.unit.name,
                matter.done_on,
                matter.beneficiaries,
                matter.description,
                "；".join(links.get(matter.pk, [])),
            )
