from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "chuangxian.plans"
    verbose_name = "工会活动方案"

    def ready(self) -> None:
        from chuangxian.assignments.evidence import EvidenceKind, register_provider
        from chuangxian.audit.labels import register
        from chuangxian.plans.evidence import PlanEvidence

        register_provider(EvidenceKind.PLAN, PlanEvidence())
        register(
            {
                "plans.plan.draft_saved": _("保存方案草稿"),
                "plans.plan.submitted": _("提交工会活动方案"),
                "plans.plan.approved": _("通过工会活动方案"),
                "plans.plan.returned": _("退回工会活动方案"),
            }
        )
