"""The committee's decision (评审委员会审定): at the committee stage the office records, for every
entry still in the running, whether the selection committee agrees (the entry goes on to the public
notice) or not (with the reason, recorded in the minutes). The page shows each entry's place in its
panel's ranking and the eligibility rules it fails today; the committee cannot agree to an entry
that fails one (the candidate's circumstances may have changed since the nomination). The selection
leaves the stage only when every entry has a decision; leaving it removes those the committee did
not agree to (``committee_settle``, registered with ``runs.register_settle``)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.selections.models import Entry, EntryStatus, PartyDecision, Selection, Stage
from chuangxian.selections.selectors_committee import IN_RUNNING, ineligible_reasons
from chuangxian.selections.services._common import (
    SelectionError,
    _require_office,
    entries_settle,
    locked_selection,
)
from chuangxian.selections.services.runs import stage_label


@dataclass(frozen=True)
class CommitteeVote:
    decision: str  # PartyDecision: agree / disagree; "" leaves the entry undecided
    note: str = ""


def _problems(
    entries: dict[int, Entry], votes: Mapping[int, CommitteeVote], ineligible: dict[int, list[str]]
) -> list[str]:
    problems: list[str] = []
    for pk, vote in votes.items():
        entry = entries.get(pk)
        if entry is None:
            problems.append(_("有推荐对象已不在评选中（已撤回或未通过），请刷新页面后再提交。"))
            continue
        if vote.decision and vote.decision not in PartyDecision.values:
            problems.append(_("%(name)s：请选择同意或不同意。") % {"name": entry.candidate_name})
        if vote.decision == PartyDecision.DISAGREE and not vote.note.strip():
            problems.append(_("%(name)s：不同意时请写明理由。") % {"name": entry.candidate_name})
        if vote.decision == PartyDecision.AGREE and pk in ineligible:
            problems.append(
                _("%(name)s不符合评选条件，不能同意：%(reasons)s")
                % {"name": entry.candidate_name, "reasons": " ".join(ineligible[pk])}
            )
    return list(dict.fromkeys(problems))


@transaction.atomic
def committee_decide(*, selection: Selection, votes: Mapping[int, CommitteeVote], actor: Actor) -> int:
    """The office records the committee's decisions on entries of ``selection`` (``votes`` by Entry
    id), all or none: every problem is reported at once and nothing is written. Only at the committee
    stage; a decision may be changed until the stage is left. Locks the selection, then the entries.
    Returns how many decisions changed. Raises Refused 'not_office'; SelectionError 'wrong_stage',
    'invalid'."""
    _require_office(actor, selection.tenant_id)
    selection = locked_selection(selection)
    if selection.stage != Stage.COMMITTEE:
        raise SelectionError(
            code="wrong_stage",
            message=_("评选当前处于「%(stage)s」环节，不在评审委员会审定环节。")
            % {"stage": stage_label(selection.stage)},
        )
    entries = {
        e.pk: e
        for e in Entry.objects.select_for_update(of=("self",))
        .select_related("member", "project", "unit")
        .filter(tenant_id=selection.tenant_id, selection=selection, status__in=IN_RUNNING, pk__in=list(votes))
    }
    problems = _problems(entries, votes, ineligible_reasons(selection, list(entries.values())))
    if problems:
        raise SelectionError(code="invalid", message=" ".join(problems))
    changed: dict[str, list[str]] = {}
    now = clock.now()
    login = login_of(actor)
    for pk, vote in votes.items():
        entry = entries[pk]
        note = vote.note.strip() if vote.decision else ""
        if (entry.committee_decision, entry.committee_note) == (vote.decision, note):
            continue
        entry.committee_decision = vote.decision
        entry.committee_note = note
        entry.committee_recorded_by = login if vote.decision else None
        entry.committee_recorded_at = now if vote.decision else None
        entry.save(
            update_fields=[
                "committee_decision",
                "committee_note",
                "committee_recorded_by",
                "committee_recorded_at",
                "updated_at",
            ]
        )
        label = str(PartyDecision(vote.decision).label) if vote.decision else _("未定")
        changed[entry.candidate_name] = [label, note]
    if changed:
        audit_record(
            actor=actor,
            action="selections.selection.committee_decided",
            target=selection,
            data={"decisions": changed},
        )
    return len(changed)


def committee_exit_refusal(selection: Selection) -> SelectionError | None:
    """Why the selection may not leave the committee stage yet: an entry in the running without the
    committee's decision, or one the committee agreed to that fails an eligibility rule today (a
    record flagged since): each named."""
    pending = list(
        Entry.objects.filter(
            tenant_id=selection.tenant_id, selection=selection, status__in=IN_RUNNING, committee_decision=""
        ).values_list("candidate_name", flat=True)
    )
    if not pending:
        agreed = list(
            Entry.objects.filter(
                tenant_id=selection.tenant_id,
                selection=selection,
                status__in=IN_RUNNING,
                committee_decision=PartyDecision.AGREE,
            ).select_related("member", "project", "unit")
        )
        failing = ineligible_reasons(selection, agreed)
        if not failing:
            return None
        return SelectionError(
            code="ineligible_agreed",
            message=_("以下推荐对象现在不符合评选条件，请重新审定（改为不同意）后再进入下一环节：%(names)s。")
            % {
                "names": "；".join(
                    f"{entry.candidate_name}（{' '.join(failing[entry.pk])}）"
                    for entry in agreed
                    if entry.pk in failing
                )
            },
        )
    return SelectionError(
        code="committee_pending",
        message=_("以下推荐对象还没有评审委员会的意见：%(names)s。请登记后再进入下一环节。")
        % {"names": "、".join(pending)},
    )


def committee_settle(selection: Selection) -> int:
    """As the committee stage is left forward: the entries the committee did not agree to are removed
    with its reason. Returns how many."""
    removed = 0
    rows = Entry.objects.filter(
        tenant_id=selection.tenant_id,
        selection=selection,
        status__in=IN_RUNNING,
        committee_decision=PartyDecision.DISAGREE,
    ).values_list("pk", "committee_note")
    for pk, note in rows:
        removed += entries_settle(
            tenant_id=selection.tenant_id,
            entry_ids=[pk],
            status=EntryStatus.REMOVED,
            reason=_("评审委员会未通过：%(note)s") % {"note": note},
        )
    return removed
