"""The staff appeals box (诉求 / 意见箱) and the ledger of practical matters (办实事台账), issue 17 point 5."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "chuangxian.appeals"
    verbose_name = "诉求与办实事"

    def ready(self) -> None:
        from chuangxian.appeals.permissions import may_oversee_own_school, may_use_inbox
        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_members

        register_menu(
            MenuEntry(
                "appeals.index",
                _("诉求"),
                "envelope-paper",
                for_members("appeals:index"),
                order=82,
                group="democracy",
            )
        )
        register_menu(
            MenuEntry(
                "appeals.inbox",
                _("诉求办理"),
                "inbox",
                lambda menu: _reverse("appeals:inbox") if may_use_inbox(menu.user) else None,
                order=83,
                section="office",
            )
        )
        register_menu(
            MenuEntry(
                "appeals.stats",
                _("诉求统计"),
                "bar-chart",
                lambda menu: _reverse("appeals:stats") if may_oversee_own_school(menu.user) else None,
                order=84,
                section="office",
            )
        )

        from chuangxian.appeals.exports import AppealsExporter, LedgerExporter
        from chuangxian.exports.registry import register as register_exporter

        register_exporter(AppealsExporter())
        register_exporter(LedgerExporter())

        # Not ``serves=(Role.HANDLING_OFFICE,)``: the role's notice also announces the proposals' pages.
        from chuangxian.appeals.providers import appeals_todos
        from chuangxian.campaigns import todos

        todos.register(appeals_todos)

        from chuangxian.appeals.clock import JOB, appeals_job
        from chuangxian.core.clock_jobs import register_periodic

        register_periodic(JOB, appeals_job)

        # A handling grant on one appeal (a member asked to answer it), given by the school's office.
        from chuangxian.appeals.models import Appeal
        from chuangxian.grants.models import GrantKind
        from chuangxian.grants.registry import register_kind
        from chuangxian.orgs.permissions import can_configure_tenant

        register_kind(
            GrantKind.HANDLER,
            Appeal,
            can_grant=lambda actor, appeal: can_configure_tenant(actor, appeal.tenant_id),
        )

        from chuangxian.appeals.models import AppealStatus, Rating
        from chuangxian.audit.labels import register, register_keys, register_values

        register(
            {
                "appeals.appeal.submitted": _("提出诉求"),
                "appeals.appeal.accepted": _("受理诉求"),
                "appeals.appeal.transferred": _("转办诉求"),
                "appeals.appeal.answered": _("书面答复诉求"),
                "appeals.appeal.rated": _("评价诉求答复"),
                "appeals.appeal.reopened": _("诉求答复不满意，重新办理"),
                "appeals.message.posted": _("诉求留言"),
                "appeals.desk.added": _("增加诉求承办部门"),
                "appeals.desk.removed": _("移除诉求承办部门"),
                "appeals.matter.recorded": _("登记办实事"),
                "appeals.matter.updated": _("修改办实事"),
            }
        )
        register_keys(
            {
                "unit": _("承办单位"),
                "anonymous": _("对承办人匿名"),
                "due_on": _("答复期限"),
                "reason": _("转办理由"),
                "round": _("答复轮次"),
                "on_time": _("按期答复"),
                "answer": _("书面答复"),
                "rating": _("评价"),
                "comment": _("评价意见"),
                "note": _("受理范围"),
                "done_on": _("办结日期"),
                "beneficiaries": _("受益人数"),
                "appeals": _("关联诉求"),
                "status": _("状态"),
            },
            action="appeals",
        )
        register_values("status", AppealStatus.choices, action="appeals.appeal")
        register_values("rating", Rating.choices, action="appeals.appeal")


def _reverse(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
