"""The study services on the permission table (tests/service_permissions): the office publishes; a
member confirms for themselves, the office (or the system) may record it for them, nobody else."""

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.study.services import study_confirm, study_document_publish
from tests.service_permissions.harness import OFFICE, ServiceCase

STUDY_OFFICE = OFFICE | {"admin"}  # can_publish_study: the platform admin configures any school


def _document(w):
    campaign = make_campaign(w.tree.tenant)
    return study_document_publish(
        tenant=w.tree.tenant, campaign=campaign, title="实施方案", body="各二级工会：……", actor=SYSTEM
    )


CASES = [
    ServiceCase(
        service=study_document_publish,
        allowed=STUDY_OFFICE,
        arrange=lambda w: make_campaign(w.tree.tenant),
        act=lambda w, campaign, actor: study_document_publish(
            tenant=w.tree.tenant, campaign=campaign, title="学习材料", body="正文", actor=actor
        ),
    ),
    ServiceCase(
        service=study_confirm,
        allowed=STUDY_OFFICE | {"member"},  # the member's own; officers do not confirm for them
        arrange=_document,
        act=lambda w, document, actor: study_confirm(
            document=document, member=w.personas.member_row, actor=actor
        ),
    ),
]
