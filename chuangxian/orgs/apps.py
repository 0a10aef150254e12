from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "chuangxian.orgs"
    verbose_name = "组织与会员"

    def ready(self) -> None:
        from django.urls import reverse

        from chuangxian.core.menu import MenuEntry, MenuGroup, MenuRequest, register_group
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_everyone, menu_member

        def my_unit(menu: MenuRequest) -> str | None:
            member = menu_member(menu)
            return reverse("orgs:unit_detail", args=[member.unit_id]) if member is not None else None

        # A unit's own work (its page, its phase tasks, its plan) under one menu for its officers; a
        # member, who sees only 我的单位, gets it as a plain entry.
        register_group(MenuGroup("unit", _("本单位"), "people", order=20))
        register_menu(
            MenuEntry("orgs.my_unit", _("我的单位"), "people", my_unit, order=20, group="unit"),
            MenuEntry("orgs.tree", _("组织机构"), "diagram-3", for_everyone("orgs:tree"), order=110),
            MenuEntry(
                "orgs.member_search", _("会员查询"), "search", for_everyone("orgs:member_search"), order=120
            ),
        )

        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.orgs.exports import MembersExporter, UnitsExporter

        register_exporter(MembersExporter())
        register_exporter(UnitsExporter())

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
