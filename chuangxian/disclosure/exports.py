"""The school's disclosure items as an export (``disclosure.items``: Excel, CSV), for the office:
every item (withdrawn ones too, with the reason) with its audience, its responsible office and the
counts of questions, answered questions and comments. Two queries whatever the number of rows."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.disclosure.models import DisclosureItem, FeedbackKind, Right
from chuangxian.disclosure.permissions import can_publish
from chuangxian.disclosure.selectors import ANSWERED, rights_labels
from chuangxian.exports.registry import Column, Exporter, Kind


class ItemsExporter(Exporter):
    name = "disclosure.items"
    label = gettext_lazy("校务公开事项")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("标题"), width=36),
        Column(gettext_lazy("类别"), width=12),
        Column(gettext_lazy("公开方式"), width=10),
        Column(gettext_lazy("保障的权利"), width=20),
        Column(gettext_lazy("公开范围"), width=30),
        Column(gettext_lazy("责任部门"), width=20),
        Column(gettext_lazy("公开日期"), Kind.DATE),
        Column(gettext_lazy("复核（到期）日期"), Kind.DATE),
        Column(gettext_lazy("提问数"), Kind.NUMBER, width=8),
        Column(gettext_lazy("已答复"), Kind.NUMBER, width=8),
        Column(gettext_lazy("意见建议数"), Kind.NUMBER, width=10),
        Column(gettext_lazy("状态"), width=30),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        if actor.tenant_id is None:
            raise Refused(_("请以学校的账号导出。"), code="no_tenant")
        return {}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return actor.tenant_id is not None and can_publish(actor, actor.tenant_id)

    def count(self, actor: Actor, **objs: Any) -> int | None:
        assert actor.tenant_id is not None
        return DisclosureItem.objects.filter(tenant_id=actor.tenant_id).count()

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        tenant_id = actor.tenant_id
        assert tenant_id is not None
        labels = rights_labels(tenant_id)
        items = (
            DisclosureItem.objects.filter(tenant_id=tenant_id)
            .annotate(
                question_count=Count("feedback", filter=Q(feedback__kind=FeedbackKind.QUESTION)),
                answered_count=Count("feedback", filter=ANSWERED),
                comment_count=Count("feedback", filter=Q(feedback__kind=FeedbackKind.COMMENT)),
            )
            .select_related("responsible_unit")
            .prefetch_related("audience__unit")
            .order_by("-publish_on", "-id")
        )
        for item in items:
            audience = "、".join(row.unit.name for row in item.audience.all()) or _("全校")
            state = (
                _("已撤回：%(reason)s") % {"reason": item.withdrawn_reason}
                if item.withdrawn_at
                else _("公开")
            )
            yield (
                item.title,
                item.get_category_display(),
                item.get_mode_display(),
                "、".join(labels[code] for code in Right.values if code in item.rights),
                audience,
                item.responsible_unit.name,
                item.publish_on,
                item.review_on,
                item.question_count,
                item.answered_count,
                item.comment_count,
                state,
            )
