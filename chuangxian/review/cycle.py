"""The review cycle: draft → submitted → approved, or returned → revised → submitted again.

One state machine for every app whose records are submitted and then reviewed (unit plans, unit
tasks, pledges; later summaries, proposals, articles, nominations). An app describes its cycle once,
as a ``ReviewCycle`` of its own status values, error type and sentences. Its services still decide
*who* may act (the app's ``can_*`` rule, ``Refused``), lock the row they check and write their audit
entries; the cycle decides *whether the record may move* and keeps the record of the review:

- ``cycle.move(obj, target)``: any status change of the record; refuses what the table does not
  allow with the app's error, code 'bad_transition' (or the code the app gave for that status);
- ``cycle.submit(obj)``: to the submitted status (or ``target``, e.g. straight to done when a
  record needs no review);
- ``cycle.record_revision(obj, fields=..., actor=...)``: freezes what was submitted as labelled
  texts (``review.Revision``), for records that have no version rows of their own;
- ``cycle.decide(obj, approve=..., comment=..., actor=...)``: approve, or return with a comment
  (required), and record the decision (``review.Decision``: who, when, comment, which version).

Nothing here saves ``obj``: the service saves it with its other fields, in its transaction.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from django.db import models
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import DomainError
from chuangxian.review.models import Decision, Outcome, Revision

Text = str | Promise


class ReviewError(DomainError):
    """A review-cycle refusal of an app that did not name its own error type."""


class Reviewable(Protocol):
    """A record with a review cycle: a tenant row (a model instance) with a ``status`` field."""

    pk: Any
    tenant_id: int
    status: str


def subject_type(obj: Any) -> str:
    """``"<app_label>.<model_name>"``: how a review record names its subject's model."""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}"


@dataclass(frozen=True)
class ReviewCycle:
    """One app's review cycle.

    ``drafts`` are the statuses from which a record may be submitted; ``submitted`` → ``approved`` or
    ``returned`` is the review. ``more`` adds the app's other moves (a returned plan becomes a draft
    again; a published pledge goes on to 践诺). ``submit_refusals`` gives, per status, the code and
    sentence of a refused submission, ``edit_refusals`` of a refused change of the content (a
    record may be changed in a draft status and when returned); ``not_submitted`` those of a review of a record that is not
    waiting for one (both default to 'bad_transition' with a sentence built from ``noun``).
    """

    statuses: type[models.TextChoices]
    noun: Text
    drafts: Sequence[str]
    submitted: str
    approved: str
    returned: str
    error: type[DomainError] = ReviewError
    more: Mapping[str, Iterable[str]] = field(default_factory=dict)
    submit_refusals: Mapping[str, tuple[str, Text]] = field(default_factory=dict)
    edit_refusals: Mapping[str, tuple[str, Text]] = field(default_factory=dict)
    not_submitted: tuple[str, Text] | None = None
    comment_required: Text = "退回时请写明修改意见。"
    transitions: Mapping[str, frozenset[str]] = field(init=False)

    def __post_init__(self) -> None:
        known = set(self.statuses.values)
        named = {*self.drafts, self.submitted, self.approved, self.returned, *self.more}
        for targets in self.more.values():
            named.update(targets)
        unknown = named - known
        if unknown:
            raise ValueError(f"unknown statuses in review cycle: {sorted(unknown)}")
        table: dict[str, set[str]] = {value: set() for value in self.statuses.values}
        for status in self.drafts:
            table[status].add(self.submitted)
        table[self.submitted].update({self.approved, self.returned})
        for status, targets in self.more.items():
            table[status].update(targets)
        object.__setattr__(self, "transitions", {k: frozenset(v) for k, v in table.items()})

    # --- the state machine ------------------------------------------------------------------------

    def label(self, status: str) -> str:
        labels: dict[str, Any] = dict(self.statuses.choices)
        return str(labels.get(status, status))

    def can_move(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, frozenset())

    def _refusal(self, current: str, target: str) -> DomainError:
        return self.error(
            code="bad_transition",
            message=_("%(noun)s当前处于「%(current)s」状态，不能变为「%(target)s」。")
            % {"noun": self.noun, "current": self.label(current), "target": self.label(target)},
        )

    def move(self, obj: Reviewable, target: str) -> None:
        """Set ``obj.status`` to ``target`` if the table allows it; else raise 'bad_transition'."""
        if not self.can_move(obj.status, target):
            raise self._refusal(obj.status, target)
        obj.status = target

    def editable(self, status: str) -> bool:
        return status in self.drafts or status == self.returned

    def require_editable(self, obj: Reviewable) -> None:
        """Refuse a change of the content unless ``obj`` is a draft or returned (``edit_refusals``)."""
        if self.editable(obj.status):
            return
        code, message = self.edit_refusals.get(obj.status) or (
            "not_editable",
            _("%(noun)s当前处于「%(current)s」状态，不能修改。")
            % {"noun": self.noun, "current": self.label(obj.status)},
        )
        raise self.error(code=code, message=message)

    def submit(self, obj: Reviewable, *, target: str | None = None) -> None:
        """Move ``obj`` from a draft status to the submitted status (or ``target``, e.g. straight to
        approved when the record needs no review). From any other status the refusal is the app's
        ``submit_refusals`` for it, else 'bad_transition'."""
        target = target or self.submitted
        if obj.status not in self.drafts:
            if obj.status in self.submit_refusals:
                code, message = self.submit_refusals[obj.status]
                raise self.error(code=code, message=message)
            raise self._refusal(obj.status, target)
        self.move(obj, target)

    def decide(
        self,
        obj: Reviewable,
        *,
        approve: bool,
        comment: str,
        actor: Actor,
        number: int | None = None,
        at: datetime | None = None,
        save: bool = True,
    ) -> Decision:
        """Approve ``obj`` or return it with a comment, and record the decision.

        ``number`` names the version decided on (default: the latest recorded revision, if any);
        ``at`` when (default: now, ``core.clock``). With ``save=False`` the decision is returned
        unsaved, for a batch to ``bulk_create``. Raises the app's error: ``not_submitted`` (or
        'bad_transition') when the record is not waiting for a review, 'comment_required' when a
        return comes without a comment.
        """
        target = self.approved if approve else self.returned
        if obj.status != self.submitted or not self.can_move(obj.status, target):
            if self.not_submitted is not None:
                code, message = self.not_submitted
                raise self.error(code=code, message=message)
            raise self._refusal(obj.status, target)
        comment = comment.strip()
        if not approve and not comment:
            raise self.error(code="comment_required", message=self.comment_required, field="comment")
        self.move(obj, target)
        if number is None:
            number = latest_revision_number(obj)
        decision = Decision(
            tenant_id=obj.tenant_id,
            subject_type=subject_type(obj),
            subject_id=obj.pk,
            number=number,
            decision=Outcome.APPROVED if approve else Outcome.RETURNED,
            comment=comment,
            reviewer=login_of(actor),
            created_at=at or clock.now(),
        )
        if save:
            decision.save()
        return decision

    # --- versions ---------------------------------------------------------------------------------

    def record_revision(
        self,
        obj: Reviewable,
        *,
        fields: Iterable[tuple[Text, Any]],
        actor: Actor,
        number: int | None = None,
        at: datetime | None = None,
        save: bool = True,
    ) -> Revision:
        """Freeze what ``obj`` submits now as the next version (1, 2, ...). Call after ``obj`` is saved.

        A batch passes ``number`` (from ``latest_revision_numbers``), ``at`` and ``save=False``, and
        ``bulk_create``s the rows.
        """
        if number is None:
            number = (latest_revision_number(obj) or 0) + 1
        revision = Revision(
            tenant_id=obj.tenant_id,
            subject_type=subject_type(obj),
            subject_id=obj.pk,
            number=number,
            fields=[[str(label), "" if text is None else str(text)] for label, text in fields],
            submitted_by=login_of(actor),
            submitted_at=at or clock.now(),
        )
        if save:
            revision.save()
        return revision


def latest_revision_number(obj: Reviewable) -> int | None:
    number: int | None = Revision.objects.filter(
        tenant_id=obj.tenant_id, subject_type=subject_type(obj), subject_id=obj.pk
    ).aggregate(n=Max("number"))["n"]
    return number


def latest_revision_numbers(objs: Sequence[Reviewable]) -> dict[Any, int]:
    """``{obj.pk: its latest version number}`` for records of one model and tenant, in one query
    (records with no version yet are missing)."""
    if not objs:
        return {}
    rows = (
        Revision.objects.filter(
            tenant_id=objs[0].tenant_id,
            subject_type=subject_type(objs[0]),
            subject_id__in=[o.pk for o in objs],
        )
        .values("subject_id")
        .annotate(n=Max("number"))
        .values_list("subject_id", "n")
    )
    return dict(rows)
