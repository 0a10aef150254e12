"""Selections (评选): honours, excellent projects and teaching competitions on one engine."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionsConfig(AppConfig):
    name = "chuangxian.selections"
    verbose_name = "评选"

    def ready(self) -> None:
        from chuangxian.exports.registry import register as register_exporter
        from chuangxian.selections.exports import NominationsExporter

        register_exporter(NominationsExporter())

        from chuangxian.core.menu import MenuEntry, MenuGroup, register_group
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_members, for_office

        # 评选表彰: the selections, the awards' 先进典型 and the 公示 share one dropdown of the bar.
        register_group(MenuGroup("honours", _("评选表彰"), "trophy", order=75))
        register_menu(
            MenuEntry(
                "selections.index",
                _("评选"),
                "award",
                for_members("selections:index"),
                order=75,
                group="honours",
            ),
            MenuEntry(
                "selections.types",
                _("评选类型"),
                "award",
                for_office("selections:type_list"),
                order=75,
                section="office",
            ),
        )

        from chuangxian.campaigns import todos
        from chuangxian.selections.providers import selection_todos

        todos.register(selection_todos)

        from chuangxian.audit.labels import register, register_keys, register_values

        register(
            {
                "selections.type.created": _("新建评选类型"),
                "selections.type.updated": _("修改评选类型"),
                "selections.type.seeded": _("添加默认评选类型"),
                "selections.record.set": _("登记评选资格信息"),
                "selections.selection.created": _("新建评选"),
                "selections.selection.updated": _("修改评选"),
                "selections.selection.opened": _("开始评选"),
                "selections.selection.advanced": _("评选进入下一环节"),
                "selections.selection.stage_set": _("调整评选环节（跳过或退回）"),
                "selections.entry.nominated": _("推荐参评"),
                "selections.entry.withdrawn": _("撤回推荐"),
                "selections.entry.resubmitted": _("重新提交推荐"),
                "selections.entry.party_reviewed": _("登记党组织意见"),
                "selections.entry.passed": _("初审通过"),
                "selections.entry.returned": _("初审退回"),
            }
        )
        register_keys(
            {
                "names": _("评选类型"),
                "member": _("会员"),
                "staff_no": _("工号"),
                "removed": _("移出的推荐对象数"),
                "reason": _("理由"),
                "direction": _("方向"),
                "used": _("已推荐"),
                "quota": _("名额"),
                "selection": _("评选"),
                "note": _("初审意见"),
            },
            action="selections",
        )
        from chuangxian.selections.models import Stage

        register_values("stages", Stage.choices, action="selections")
        register_values(
            "direction",
            {"back": _("退回到之前的环节"), "forward": _("跳过环节")},
            action="selections.selection.stage_set",
        )

        from chuangxian.selections.apps_scoring import ready_scoring

        ready_scoring()

        from chuangxian.selections.apps_committee import ready_committee
        from chuangxian.selections.apps_competition import ready_competition
        from chuangxian.selections.apps_poll import ready_poll

        ready_poll()
        ready_committee()
        ready_competition()
