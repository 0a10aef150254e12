from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "chuangxian.documents"
    verbose_name = "公文与文件学习"

    def ready(self) -> None:
        from chuangxian.core.menu import MenuEntry
        from chuangxian.core.menu import register as register_menu
        from chuangxian.orgs.menu import for_school

        register_menu(
            MenuEntry(
                "documents.notice_list",
                _("公文"),
                "file-earmark-text",
                for_school("documents:notice_list"),
                order=100,
            )
        )

        from chuangxian.audit.labels import register

        register(
            {
                "documents.notice.created": _("起草公文"),
                "documents.notice.updated": _("修改公文草稿"),
                "documents.notice.deleted": _("删除公文草稿"),
                "documents.notice.attachment_added": _("添加公文附件"),
                "documents.notice.attachment_removed": _("删除公文附件"),
                "documents.notice.issued": _("签发公文"),
                "documents.notice.revoked": _("撤销公文"),
                "documents.series.start_set": _("设置发文字号起始号"),
            }
        )

        from chuangxian.documents.exports import NoticeExporter
        from chuangxian.exports.registry import register as register_exporter

        register_exporter(NoticeExporter())
