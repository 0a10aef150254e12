"""The selections' write services on the permission table (tests/service_permissions).

Entries are nominated by 文学与传播学院, so its chair and liaison (and the office above them, the
platform admin and the system: ``can_manage_unit``) manage them and the sibling college's chair may
not; the office (``can_configure_tenant``: with the platform admin and the system) configures and
reviews.
"""

from datetime import date, timedelta
from typing import Any

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.selections.models import Entry, Selection, Stage
from chuangxian.selections.services import (
    entry_nominate,
    entry_office_review,
    entry_party_review,
    entry_resubmit,
    entry_withdraw,
    member_record_set,
    selection_advance,
    selection_create,
    selection_open,
    selection_stage_set,
    selection_type_create,
    selection_type_update,
    selection_types_seed,
    selection_update,
)
from chuangxian.selections.tests.factories import make_selection, make_type, nominate, pdf, type_data
from tests.service_permissions.harness import ServiceCase, World

MANAGERS = {"chair", "liaison", "office", "admin", "system"}  # can_manage_unit of the college
CONFIGURERS = {"office", "admin", "system"}  # can_configure_tenant of the school


def _selection(w: World, *, open_it: bool = True) -> Selection:
    return make_selection(make_campaign(w.tree.tenant), make_type(w.tree.tenant), open_it=open_it)


def _entry(w: World, *, stage: str = Stage.NOMINATION) -> Entry:
    selection = _selection(w)
    entry = nominate(selection, w.tree.college, MemberFactory(unit=w.tree.college))
    if stage in (Stage.PARTY_REVIEW, Stage.OFFICE_REVIEW):
        selection = selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)
    if stage == Stage.OFFICE_REVIEW:
        entry_party_review(
            entry=entry, decision="agree", note="", opinion=pdf(), opinion_name="意见.pdf", actor=SYSTEM
        )
        selection_advance(selection=selection, from_stage=Stage.PARTY_REVIEW, actor=SYSTEM)
    entry.refresh_from_db()
    return entry


def _returned(w: World) -> Entry:
    entry = _entry(w, stage=Stage.OFFICE_REVIEW)
    return entry_office_review(entry=entry, approve=False, note="请补充材料", actor=SYSTEM)


def _in_party_review(w: World) -> Entry:
    return _entry(w, stage=Stage.PARTY_REVIEW)


def _soon() -> date:
    return clock.today() + timedelta(days=30)


def _new_selection(w: World) -> Any:
    return make_campaign(w.tree.tenant), make_type(w.tree.tenant)


CASES = [
    ServiceCase(
        service=selection_type_create,
        allowed=CONFIGURERS,
        arrange=lambda w: None,
        act=lambda w, _none, actor: selection_type_create(
            tenant=w.tree.tenant, data=type_data(), actor=actor
        ),
    ),
    ServiceCase(
        service=selection_type_update,
        allowed=CONFIGURERS,
        arrange=lambda w: make_type(w.tree.tenant),
        act=lambda w, item, actor: selection_type_update(
            selection_type=item, data=type_data(name="优秀工会干部"), actor=actor
        ),
    ),
    ServiceCase(
        service=selection_types_seed,
        allowed=CONFIGURERS,
        arrange=lambda w: None,
        act=lambda w, _none, actor: selection_types_seed(tenant=w.tree.tenant, actor=actor),
    ),
    ServiceCase(
        service=member_record_set,
        allowed=CONFIGURERS,
        arrange=lambda w: w.personas.member_row,
        act=lambda w, member, actor: member_record_set(
            member=member, union_work_since=None, disciplined=True, discipline_note="警告", actor=actor
        ),
    ),
    ServiceCase(
        service=selection_create,
        allowed=CONFIGURERS,
        arrange=_new_selection,
        act=lambda w, pair, actor: selection_create(
            campaign=pair[0],
            selection_type=pair[1],
            title="2011年度",
            nomination_ends_on=_soon(),
            actor=actor,
        ),
    ),
    ServiceCase(
        service=selection_update,
        allowed=CONFIGURERS,
        arrange=_selection,
        act=lambda w, selection, actor: selection_update(
            selection=selection, title="2011年度（延期）", nomination_ends_on=_soon(), actor=actor
        ),
    ),
    ServiceCase(
        service=selection_open,
        allowed=CONFIGURERS,
        arrange=lambda w: _selection(w, open_it=False),
        act=lambda w, selection, actor: selection_open(selection=selection, actor=actor),
    ),
    ServiceCase(
        service=selection_advance,
        allowed=CONFIGURERS,
        arrange=_selection,
        act=lambda w, selection, actor: selection_advance(
            selection=selection, from_stage=Stage.NOMINATION, actor=actor
        ),
    ),
    ServiceCase(
        service=selection_stage_set,
        allowed=CONFIGURERS,
        arrange=_selection,
        act=lambda w, selection, actor: selection_stage_set(
            selection=selection, stage=Stage.NOTICE, reason="党委已审核", actor=actor
        ),
    ),
    ServiceCase(
        service=entry_nominate,
        allowed=MANAGERS,
        arrange=lambda w: (_selection(w), MemberFactory(unit=w.tree.group)),
        act=lambda w, pair, actor: entry_nominate(
            selection=pair[0],
            unit=w.tree.college,
            candidate=pair[1],
            summary="爱岗敬业",
            minutes=pdf(),
            minutes_name="纪要.pdf",
            actor=actor,
        ),
    ),
    ServiceCase(
        service=entry_withdraw,
        allowed=MANAGERS,
        arrange=_entry,
        act=lambda w, entry, actor: entry_withdraw(entry=entry, actor=actor),
    ),
    ServiceCase(
        service=entry_resubmit,
        allowed=MANAGERS,
        arrange=_returned,
        act=lambda w, entry, actor: entry_resubmit(entry=entry, summary="已补充", actor=actor),
    ),
    ServiceCase(
        service=entry_party_review,
        allowed=MANAGERS,
        arrange=_in_party_review,
        act=lambda w, entry, actor: entry_party_review(
            entry=entry, decision="agree", note="", opinion=pdf(), opinion_name="意见.pdf", actor=actor
        ),
    ),
    ServiceCase(
        service=entry_office_review,
        allowed=CONFIGURERS,
        arrange=lambda w: _entry(w, stage=Stage.OFFICE_REVIEW),
        act=lambda w, entry, actor: entry_office_review(entry=entry, approve=True, note="", actor=actor),
    ),
]

# The judges' scoring (``service_cases_judging``).
from chuangxian.selections.tests.service_cases_judging import JUDGING_CASES  # noqa: E402

CASES += JUDGING_CASES

# The committee's decision (``service_cases_committee``).
from chuangxian.selections.tests.service_cases_committee import COMMITTEE_CASES  # noqa: E402

CASES += COMMITTEE_CASES

# The democratic recommendation (``service_cases_poll``).
from chuangxian.selections.tests.service_cases_poll import POLL_CASES  # noqa: E402

CASES += POLL_CASES

# The teaching competitions (``service_cases_competition``).
from chuangxian.selections.tests.service_cases_competition import COMPETITION_CASES  # noqa: E402

CASES += COMPETITION_CASES
