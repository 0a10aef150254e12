from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "chuangxian.orgs"
    verbose_name = "组织与会员"

    def ready(self) -> None:
        from chuangxian.audit.labels import register, register_keys, register_values
        from chuangxian.core.roles import Role
        from chuangxian.orgs.models import MemberStatus, UnitCategory, UnitKind

        register(
            {
                "orgs.unit.created": _("新建组织"),
                "orgs.unit.updated": _("修改组织"),
                "orgs.unit.moved": _("移动组织"),
                "orgs.unit.deactivated": _("停用组织"),
                "orgs.unit.reactivated": _("启用组织"),
                "orgs.unit.deleted": _("删除组织"),
                "orgs.unit.chair_set": _("设置主席"),
                "orgs.unit.liaison_set": _("设置联络员"),
                "orgs.role.granted": _("授予角色"),
                "orgs.role.revoked": _("收回角色"),
                "orgs.member.updated": _("修改会员信息"),
                "orgs.roster.imported": _("导入名册"),
                "orgs.tenant.created": _("新建租户单位"),
            }
        )
        # orgs.unit.chair_set / liaison_set record the officer under the role's code.
        register_keys(dict(Role.choices), action="orgs.unit")
        # Lists of this app's codes recorded by other apps (a task's units, a roster's leavers).
        register_values("unit_kinds", UnitKind.choices)
        register_values("categories", UnitCategory.choices)
        register_values("departure_status", MemberStatus.choices)
