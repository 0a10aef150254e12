from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "chuangxian.campaigns"
    verbose_name = "创先活动与阶段"

    def ready(self) -> None:
        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_office

        register_menu(
            MenuEntry(
                "campaigns.list",
                _("创先活动管理"),
                "flag",
                for_office("campaigns:list"),
                order=40,
                section="office",
            )
        )

        # The judges of a campaign's selections are named on the campaign, for a term, by its office.
        from chuangxian.campaigns.models import Campaign
        from chuangxian.grants.models import GrantKind
        from chuangxian.grants.registry import register_kind
        from chuangxian.orgs.permissions import can_configure_tenant

        register_kind(
            GrantKind.JUDGE,
            Campaign,
            can_grant=lambda actor, campaign: can_configure_tenant(actor, campaign.tenant_id),
        )

        from chuangxian.audit.labels import register

        register(
            {
                "campaigns.campaign.created": _("新建创先活动"),
                "campaigns.campaign.updated": _("修改创先活动"),
                "campaigns.campaign.themes_set": _("设置主题实践活动"),
                "campaigns.campaign.phases_set": _("设置阶段"),
                "campaigns.campaign.founding_file_attached": _("上传实施方案文件"),
                "campaigns.phase.window_reopened": _("重新开放阶段窗口"),
                "campaigns.phase.window_revoked": _("撤销补交窗口"),
            }
        )
