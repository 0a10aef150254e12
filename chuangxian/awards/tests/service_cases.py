"""The awards' write services on the permission table (tests/service_permissions): the office (with
the platform admin and the system: ``can_configure_tenant``) does everything."""

from chuangxian.awards.services import (
    award_exemplar_set,
    awards_announce,
    awards_notice_draft,
    certificate_template_save,
)
from chuangxian.awards.tests.factories import announce_all, final_selection
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core import clock
from chuangxian.orgs.tests.factories import MemberFactory
from tests.service_permissions.harness import ServiceCase, World

CONFIGURERS = {"office", "admin", "system"}


def _final(w: World):  # type: ignore[no-untyped-def]
    selection, _entries = final_selection(
        w.tree.tenant, make_campaign(w.tree.tenant), [(w.tree.college, MemberFactory(unit=w.tree.college))]
    )
    return selection


def _announced(w: World):  # type: ignore[no-untyped-def]
    selection = _final(w)
    announce_all(selection)
    return selection


CASES = [
    ServiceCase(
        service=awards_announce,
        allowed=CONFIGURERS,
        arrange=_final,
        act=lambda w, selection, actor: awards_announce(
            selection=selection, awarded_on=clock.today(), actor=actor
        ),
    ),
    ServiceCase(
        service=award_exemplar_set,
        allowed=CONFIGURERS,
        arrange=lambda w: announce_all(_final(w))[0],
        act=lambda w, award, actor: award_exemplar_set(award=award, exemplar=True, actor=actor),
    ),
    ServiceCase(
        service=certificate_template_save,
        allowed=CONFIGURERS,
        arrange=lambda w: None,
        act=lambda w, _none, actor: certificate_template_save(
            tenant=w.tree.tenant,
            title="荣誉证书",
            body="{姓名}：被评为{荣誉}。",
            union_name="某校工会",
            signature="某校工会",
            date_format="cn",
            actor=actor,
        ),
    ),
    ServiceCase(
        service=awards_notice_draft,
        allowed=CONFIGURERS,
        arrange=_announced,
        act=lambda w, selection, actor: awards_notice_draft(
            selection=selection, prefix="泉师院工", issuing_office="某校工会", actor=actor
        ),
    ),
]
