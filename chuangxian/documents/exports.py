"""An official notice's Word and PDF files as one export (``documents.notice``, formats docx and
pdf): the bytes from the renderings (``documents.rendering``), for whoever may read the notice (a
draft: only the office that edits it), as on the notice's page."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy

from chuangxian.core.actors import Actor
from chuangxian.documents import rendering, selectors
from chuangxian.documents.models import Notice
from chuangxian.documents.permissions import can_read_notice
from chuangxian.exports.registry import Exporter, fetch_param


class NoticeExporter(Exporter):
    name = "documents.notice"
    label = gettext_lazy("公文")
    formats = ("docx", "pdf")

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"notice": fetch_param(actor, Notice.objects.all(), params.get("notice"))}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_read_notice(actor, objs["notice"])

    def title(self, **objs: Any) -> str:
        return rendering.download_stem(objs["notice"])

    def render(self, actor: Actor, fmt: str, **objs: Any) -> bytes:
        notice = objs["notice"]
        attachments = selectors.notice_attachments(notice)
        if fmt == "pdf":
            return rendering.notice_pdf(notice, attachments)
        return rendering.notice_docx(notice, attachments)
