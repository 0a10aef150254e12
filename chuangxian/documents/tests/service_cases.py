"""The documents services on the permission table (tests/service_permissions): the school's campaign
office (or the platform admin, or the system) drafts, numbers, issues and revokes official notices."""

from dataclasses import replace

from chuangxian.core.actors import SYSTEM
from chuangxian.documents.services import (
    notice_attachment_add,
    notice_attachment_remove,
    notice_create,
    notice_delete,
    notice_issue,
    notice_revoke,
    notice_series_set_start,
    notice_update,
)
from chuangxian.documents.tests.factories import FIELDS, PREFIX, make_notice
from tests.service_permissions.harness import OFFICE, ServiceCase

NOTICE_MANAGERS = OFFICE | {"admin"}  # can_manage_notices: the platform admin handles notices too


def _attachment(w):
    notice = make_notice(w.tree.tenant)
    return notice_attachment_add(notice=notice, title="附件一", actor=SYSTEM)


CASES = [
    ServiceCase(
        service=notice_create,
        allowed=NOTICE_MANAGERS,
        arrange=lambda w: None,
        act=lambda w, _ctx, actor: notice_create(tenant=w.tree.tenant, fields=FIELDS, actor=actor),
    ),
    ServiceCase(
        service=notice_update,
        allowed=NOTICE_MANAGERS,
        arrange=lambda w: make_notice(w.tree.tenant),
        act=lambda w, notice, actor: notice_update(
            notice=notice, fields=replace(FIELDS, title="关于修改后的通知"), actor=actor
        ),
    ),
    ServiceCase(
        service=notice_delete,
        allowed=NOTICE_MANAGERS,
        arrange=lambda w: make_notice(w.tree.tenant),
        act=lambda w, notice, actor: notice_delete(notice=notice, actor=actor),
    ),
    ServiceCase(
        service=notice_attachment_add,
        allowed=NOTICE_MANAGERS,
        arrange=lambda w: make_notice(w.tree.tenant),
        act=lambda w, notice, actor: notice_attachment_add(notice=notice, title="附件二", actor=actor),
    ),
    ServiceCase(
        service=notice_attachment_remove,
        allowed=NOTICE_MANAGERS,
        arrange=_attachment,
        act=lambda w, attachment, actor: notice_attachment_remove(attachment=attachment, actor=actor),
    ),
    ServiceCase(
        service=notice_series_set_start,
        allowed=NOTICE_MANAGERS,
        arrange=lambda w: None,
        act=lambda w, _ctx, actor: notice_series_set_start(
            tenant=w.tree.tenant, prefix=PREFIX, year=2011, first_number=5, actor=actor
        ),
    ),
    ServiceCase(
        service=notice_issue,
        allowed=NOTICE_MANAGERS,
        arrange=lambda w: make_notice(w.tree.tenant),
        act=lambda w, notice, actor: notice_issue(notice=notice, actor=actor),
    ),
    ServiceCase(
        service=notice_revoke,
        allowed=NOTICE_MANAGERS,
        arrange=lambda w: make_notice(w.tree.tenant, issue=True),
        act=lambda w, notice, actor: notice_revoke(notice=notice, reason="内容有误", actor=actor),
    ),
]
