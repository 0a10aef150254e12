from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "chuangxian.plans"
    verbose_name = "工会活动方案"

    def ready(self) -> None:
        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_office, for_officers

        register_menu(
            MenuEntry(
                "plans.index",
                _("工会活动方案"),
                "journal-richtext",
                for_officers("plans:index"),
                order=40,
                group="unit",
            ),
            MenuEntry(
                "plans.office_list",
                _("方案审核"),
                "clipboard-check",
                for_office("plans:office_list"),
                30,
                "office",
            ),
        )
        from chuangxian.assignments.evidence import EvidenceKind, register_provider
        from chuangxian.audit.labels import register
        from chuangxian.plans.evidence import PlanEvidence

        register_provider(EvidenceKind.PLAN, PlanEvidence(), label=_("工会活动方案"))

        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.plans.exports import PlanListExporter

        register_exporter(PlanListExporter())
        register(
            {
                "plans.plan.draft_saved": _("保存方案草稿"),
                "plans.plan.submitted": _("提交工会活动方案"),
                "plans.plan.approved": _("通过工会活动方案"),
                "plans.plan.returned": _("退回工会活动方案"),
            }
        )
