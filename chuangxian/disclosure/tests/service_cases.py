"""The disclosure services on the permission table (tests/service_permissions).

The office (``can_configure_tenant``: with the platform admin and the system) publishes, edits,
withdraws, words the rights and names handlers. The cases' item is disclosed to 文学与传播学院 only:
its members (the member of its group, the chair, the liaison) and those who view it through a role
(the office, the leader) may comment or ask; the sibling college's chair, another school's office,
the platform admin (no roster row) and the system (nobody's name) may not. A question is answered by
the responsible office: the school's root (the office) or the college (its chair and liaison).
"""

from chuangxian.disclosure.models import FeedbackKind
from chuangxian.disclosure.services import (
    feedback_post,
    item_handlers_name,
    item_publish,
    item_update,
    item_withdraw,
    question_answer,
    rights_update,
)
from chuangxian.disclosure.tests.factories import ask, item_data, make_item
from chuangxian.orgs.tests.factories import MemberFactory
from tests.service_permissions.harness import ServiceCase

CONFIGURERS = {"office", "admin", "system"}
AUDIENCE = {"member", "chair", "liaison", "office", "leader"}


def _college_item(w, responsible=None):  # type: ignore[no-untyped-def]
    return make_item(responsible or w.tree.root, units=[w.tree.college])


CASES = [
    ServiceCase(
        service=item_publish,
        allowed=CONFIGURERS,
        arrange=lambda w: w.tree,
        act=lambda w, tree, actor: item_publish(
            tenant_id=tree.tenant.pk, data=item_data(tree.root, units=[tree.college]), actor=actor
        ),
    ),
    ServiceCase(
        service=item_update,
        allowed=CONFIGURERS,
        arrange=_college_item,
        act=lambda w, item, actor: item_update(
            item=item, data=item_data(w.tree.root, title="修改后的标题"), actor=actor
        ),
    ),
    ServiceCase(
        service=item_withdraw,
        allowed=CONFIGURERS,
        arrange=_college_item,
        act=lambda w, item, actor: item_withdraw(item=item, reason="内容有误，重新发布", actor=actor),
    ),
    ServiceCase(
        service=rights_update,
        allowed=CONFIGURERS,
        arrange=lambda w: w.tree.tenant.pk,
        act=lambda w, tenant_id, actor: rights_update(
            tenant_id=tenant_id,
            labels={"know": "知情", "participate": "参与", "elect": "选举", "supervise": "监督"},
            actor=actor,
        ),
    ),
    ServiceCase(
        service=item_handlers_name,
        allowed=CONFIGURERS,
        arrange=lambda w: (_college_item(w), MemberFactory(unit=w.tree.library)),
        act=lambda w, pair, actor: item_handlers_name(item=pair[0], members=[pair[1]], actor=actor),
    ),
    ServiceCase(
        service=feedback_post,
        allowed=AUDIENCE,
        arrange=_college_item,
        act=lambda w, item, actor: feedback_post(
            item=item, kind=FeedbackKind.QUESTION, text="什么时候执行？", actor=actor
        ),
    ),
    ServiceCase(
        service=question_answer,
        allowed=CONFIGURERS,
        arrange=lambda w: ask(_college_item(w), w.personas.member),
        act=lambda w, question, actor: question_answer(question=question, answer="下月执行。", actor=actor),
    ),
    ServiceCase(
        service=question_answer,
        name="the college answers",
        allowed=CONFIGURERS | {"chair", "liaison"},
        arrange=lambda w: ask(_college_item(w, w.tree.college), w.personas.member),
        act=lambda w, question, actor: question_answer(question=question, answer="下月执行。", actor=actor),
    ),
]
