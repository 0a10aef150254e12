"""School-affairs disclosure (校务公开) with feedback (issue 17, point 4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "chuangxian.disclosure"
    verbose_name = "校务公开"

    def ready(self) -> None:
        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_members

        register_menu(
            MenuEntry(
                "disclosure.index",
                _("校务公开"),
                "clipboard-data",
                for_members("disclosure:index"),
                order=80,
                group="democracy",
            )
        )

        from chuangxian.disclosure.exports import ItemsExporter
        from chuangxian.exports.registry import register as register_exporter

        register_exporter(ItemsExporter())

        from chuangxian.campaigns import todos
        from chuangxian.disclosure.providers import disclosure_todos

        todos.register(disclosure_todos)

        # Members who answer an item's questions besides its responsible office: a handler grant on
        # the item, given (and taken back) by the office.
        from chuangxian.disclosure.models import DisclosureItem
        from chuangxian.grants.models import GrantKind
        from chuangxian.grants.registry import register_kind
        from chuangxian.orgs.permissions import can_configure_tenant

        register_kind(
            GrantKind.HANDLER,
            DisclosureItem,
            can_grant=lambda actor, item: can_configure_tenant(actor, item.tenant_id),
        )

        from chuangxian.audit.labels import register, register_keys, register_values
        from chuangxian.disclosure.models import Category, Mode, Right

        register(
            {
                "disclosure.item.published": _("发布校务公开事项"),
                "disclosure.item.updated": _("修改校务公开事项"),
                "disclosure.item.withdrawn": _("撤回校务公开事项"),
                "disclosure.comment.posted": _("对校务公开事项提出意见建议"),
                "disclosure.question.posted": _("对校务公开事项提问"),
                "disclosure.question.answered": _("书面答复校务公开提问"),
                "disclosure.rights.updated": _("修改四项权利的名称"),
            }
        )
        register_keys(
            {
                "title": _("标题"),
                "body": _("公开内容"),
                "category": _("类别"),
                "mode": _("公开方式"),
                "rights": _("保障的权利"),
                "audience": _("公开范围"),
                "responsible_unit": _("责任部门"),
                "publish_on": _("公开日期"),
                "review_on": _("复核（到期）日期"),
                "attachments": _("附件"),
                "added": _("新增附件"),
                "removed": _("删除附件"),
                "reason": _("撤回原因"),
                "item": _("公开事项"),
                "text": _("内容"),
                "answer": _("书面答复"),
                "know": _("知情权"),
                "participate": _("参与权"),
                "elect": _("选举权"),
                "supervise": _("监督权"),
            },
            action="disclosure",
        )
        register_values("category", Category.choices, action="disclosure")
        register_values("mode", Mode.choices, action="disclosure")
        register_values("rights", Right.choices, action="disclosure")
