from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "chuangxian.pledges"
    verbose_name = "公开承诺"

    def ready(self) -> None:
        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.pledges.exports import WallExporter

        register_exporter(WallExporter())

        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_members

        register_menu(
            MenuEntry("pledges.mine", _("我的承诺"), "hand-thumbs-up", for_members("pledges:mine"), order=60)
        )

        from chuangxian.audit.labels import register
        from chuangxian.campaigns import todos
        from chuangxian.pledges.todos import pledge_todos

        todos.register(pledge_todos)
        register(
            {
                "pledges.pledge.draft_saved": _("保存承诺草稿"),
                "pledges.pledge.submitted": _("提交承诺"),
                "pledges.pledge.published": _("审核通过承诺并公示"),
                "pledges.pledge.returned": _("退回承诺"),
                "pledges.progress.added": _("记录践诺情况"),
                "pledges.pledge.reported": _("提交述诺"),
                "pledges.pledge.rated_by": _("评诺打分"),
                "pledges.pledge.rated": _("评定承诺等级"),
                "pledges.rating.configured": _("设置评诺规则"),
                "pledges.pledges.submitted": _("批量记录提交承诺"),
                "pledges.pledges.draft_saved": _("批量记录承诺草稿"),
                "pledges.pledges.published": _("批量记录审核通过承诺"),
                "pledges.pledges.returned": _("批量记录退回承诺"),
                "pledges.progress.added_many": _("批量记录践诺情况"),
            }
        )
