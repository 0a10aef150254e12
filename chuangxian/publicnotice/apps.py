"""公示 (public notice) of a selection, with real-name objections (issue 16, point 3)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicNoticeConfig(AppConfig):
    name = "chuangxian.publicnotice"
    verbose_name = "公示"

    def ready(self) -> None:
        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_members

        register_menu(
            MenuEntry(
                "publicnotice.index",
                _("公示"),
                "megaphone",
                for_members("publicnotice:index"),
                order=77,
                group="honours",
            )
        )

        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.publicnotice.exports import NoticeExporter

        register_exporter(NoticeExporter())

        from chuangxian.publicnotice.exit_check import notice_confirmed
        from chuangxian.selections.models import Stage
        from chuangxian.selections.services.runs import register_exit_check

        register_exit_check(Stage.NOTICE, notice_confirmed)

        from chuangxian.campaigns import todos
        from chuangxian.publicnotice.providers import publicnotice_todos

        todos.register(publicnotice_todos)

        # The discipline-inspection grant (纪检监察) is held on one selection and given by the office;
        # its holders are told of objections and may answer them.
        from chuangxian.grants.models import GrantKind
        from chuangxian.grants.registry import register_kind
        from chuangxian.orgs.permissions import can_configure_tenant
        from chuangxian.selections.models import Selection

        register_kind(
            GrantKind.DISCIPLINE,
            Selection,
            can_grant=lambda actor, selection: can_configure_tenant(actor, selection.tenant_id),
        )

        from chuangxian.audit.labels import register, register_keys, register_values

        register(
            {
                "publicnotice.notice.published": _("发布公示"),
                "publicnotice.notice.withdrawn": _("撤下公示（异议成立）"),
                "publicnotice.notice.finalised": _("公示期满，确认结果"),
                "publicnotice.objection.filed": _("对公示提出实名异议"),
                "publicnotice.objection.answered": _("书面答复公示异议"),
                "publicnotice.entry.removed": _("异议成立，移出推荐对象"),
            }
        )
        register_keys(
            {
                "round_no": _("第几次公示"),
                "starts_on": _("公示开始日期"),
                "working_days": _("公示期（工作日）"),
                "ends_on": _("公示截止日期"),
                "entries": _("公示对象"),
                "document": _("公文文号"),
                "notice": _("公示"),
                "item": _("针对的公示对象"),
                "answer": _("书面答复"),
                "reason": _("原因"),
                "objection": _("异议"),
                "status": _("状态"),
            },
            action="publicnotice",
        )
        from chuangxian.publicnotice.models import ObjectionStatus
        from chuangxian.selections.models import EntryStatus

        register_values("status", ObjectionStatus.choices, action="publicnotice.objection")
        register_values("status", EntryStatus.choices, action="publicnotice.entry")
