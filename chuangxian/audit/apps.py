from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "chuangxian.audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from chuangxian.audit.exports import AuditLogExporter
        from chuangxian.exports.registry import register as register_exporter

        register_exporter(AuditLogExporter())

        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_office

        register_menu(
            MenuEntry(
                "audit.list",
                _("审计日志"),
                "journal-text",
                for_office("audit:list"),
                order=60,
                section="office",
            )
        )

        from chuangxian.audit.labels import register_keys

        # Data keys that are no model field (counts, names copied at the time, references). A key
        # that is a field of the target's app needs no line: its verbose_name is used.
        register_keys(
            {
                "added": _("新增"),
                "removed": _("移除"),
                "attended": _("出席人数"),
                "created": _("新建"),
                "updated": _("更新"),
                "departed": _("离开"),
                "count": _("人数"),
                "rows": _("行数"),
                "sent": _("已发送"),
                "member": _("会员"),
                "members": _("会员"),
                "staff_nos": _("工号"),
                "comment": _("意见"),
                "reason": _("原因"),
                "file": _("文件"),
                "files": _("文件"),
                "attachments": _("附件"),
                "format": _("文件格式"),
                "version": _("版本"),
                "title": _("标题"),
                "slug": _("代号"),
                "source": _("来源"),
                "campaign": _("创先活动"),
                "phase": _("阶段"),
                "phases": _("阶段"),
                "themes": _("主题"),
                "task": _("任务"),
                "units": _("范围"),
                "milestone": _("里程碑"),
                "entry": _("记录"),
                "question": _("题号"),
                "winners": _("中签"),
                "electorate": _("应到人数"),
                "of": _("原投票"),
                "series": _("文号前缀"),
                "score": _("得分"),
                "top_share": _("优秀比例"),
                "random": _("随机初始密码"),
                "cleared": _("已清除"),
                "parent": _("上级组织"),
                "path": _("组织位置"),
                "departure_status": _("离开后的状态"),
                "strict": _("从严要求"),
                "participants": _("参与人"),
                "responsible": _("负责人"),
                "audience_groups": _("面向人群"),
            }
        )
