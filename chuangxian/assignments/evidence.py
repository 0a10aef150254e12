"""How a unit task (阶段任务) finds its evidence in the feature apps, without importing them.

The assignments app sits just above campaigns; meetings, plans and other feature apps sit above it.
Each feature app that can serve as evidence registers a provider in its ``AppConfig.ready``:

    from chuangxian.assignments.evidence import register_provider
    register_provider("meeting", MeetingEvidence(), label=_("会议记录"))

A task's ``evidence_kind`` names what it requires: an uploaded document (stored by the assignments
app itself), nothing, or one of the kinds the feature apps registered (today a meeting record and
the unit plan). The kinds are a registry, not a closed list: ``evidence_kind_choices()`` is what the
task form offers and the services accept, so a new app adds a kind without touching assignments. A provider is handed the task too, so
that it offers only what the task asks for (a mobilisation meeting for 召开动员大会, not a study
meeting); one that can also record such evidence from the task page says where (``record_url``).
"""

from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.actors import Actor


class EvidenceKind:
    """The keys of the evidence kinds in use. ``DOCUMENT`` and ``NONE`` are the assignments app's
    own; ``MEETING`` and ``PLAN`` are registered by meetings and plans (named here because the seed's
    default tasks ask for them)."""

    MEETING = "meeting"
    PLAN = "plan"
    DOCUMENT = "document"
    NONE = "none"


# The kinds the assignments app serves itself; registered kinds follow them in the choices.
_OWN_KINDS: list[tuple[str, Any]] = [
    (EvidenceKind.DOCUMENT, _("文件材料")),
    (EvidenceKind.NONE, _("无需材料")),
]


@dataclass(frozen=True)
class EvidenceOption:
    """One record a unit can attach to a task, e.g. its mobilisation meeting."""

    key: str  # "<app_label>.<model>:<pk>", stable and opaque to the assignments app
    label: str  # e.g. "2026-11-20 动员大会（出席 46/48）"
    url: str


class EvidenceProvider(Protocol):
    def options(self, *, unit: Any, campaign: Any, task: Any = None) -> list[EvidenceOption]:
        """Records of ``unit`` in ``campaign`` that may be attached as evidence (newest first); with
        ``task`` (an ``assignments.Task``), only those of the kind it asks for."""
        ...

    def mirrored_status(self, *, unit: Any, campaign: Any) -> str | None:
        """For evidence with its own review (the unit plan): the task status it implies, one of
        ``TaskStatus`` values ('not_started', 'in_progress', 'submitted', 'returned', 'done'),
        or None when the task follows its own submit-and-review cycle."""
        ...


class RecordingEvidenceProvider(EvidenceProvider, Protocol):
    """Optional: a provider whose evidence can be recorded from the task page (记录会议)."""

    def record_url(self, *, user: Actor, unit_task: Any, back: str) -> str | None:
        """Where ``user`` records new evidence for ``unit_task``, pre-filled from its task and coming
        back to ``back`` once saved; None when ``user`` may not record it."""
        ...


_providers: dict[str, EvidenceProvider] = {}
_labels: dict[str, Any] = {}


def register_provider(kind: str, provider: EvidenceProvider, *, label: Any) -> None:
    """Make ``kind`` an evidence kind tasks may ask for, labelled ``label``, served by ``provider``."""
    _providers[kind] = provider
    _labels[kind] = label


def evidence_kind_choices() -> list[tuple[str, Any]]:
    """Every evidence kind a task may ask for: the registered ones (in registration order), then an
    uploaded document and nothing. The task model and form take their choices from here."""
    return list(_labels.items()) + _OWN_KINDS


def is_evidence_kind(kind: str) -> bool:
    return any(kind == value for value, _label in evidence_kind_choices())


def is_record_kind(kind: str) -> bool:
    """Evidence that is a record of another app (a meeting, the plan), chosen from its provider's
    options, rather than a file uploaded to the task or nothing."""
    return kind not in (EvidenceKind.DOCUMENT, EvidenceKind.NONE)


def evidence_kind_label(kind: str) -> str:
    return str(dict(evidence_kind_choices()).get(kind, kind))


def provider_for(kind: str) -> EvidenceProvider | None:
    return _providers.get(kind)


def subkind_choices(kind: str) -> list[tuple[str, str]]:
    """The sorts of evidence of ``kind`` a task may ask for, e.g. the meeting kinds (动员大会, 学习会…),
    from the provider's optional ``subkind_choices()``; empty when it has none."""
    choices = getattr(provider_for(kind), "subkind_choices", None)
    return list(choices()) if callable(choices) else []


def record_url_for(kind: str, *, user: Actor, unit_task: Any, back: str) -> str | None:
    """The provider's ``record_url`` for the task's evidence, when it has one."""
    record = getattr(provider_for(kind), "record_url", None)
    if not callable(record):
        return None
    url: str | None = record(user=user, unit_task=unit_task, back=back)
    return url


class TaskStatus(models.TextChoices):
    """A unit task's own status. 逾期 (overdue) is never stored: it follows from the date."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    DONE = "done", _("已完成")


class BulkEvidenceProvider(EvidenceProvider, Protocol):
    """Optional: a provider that can answer ``mirrored_status`` for many units at once.

    Dashboards (the supervision matrix) call this when a provider has it, so that their number of
    queries does not grow with the number of units. Providers without it keep working: the
    per-unit ``mirrored_status`` is called for each unit instead.
    """

    def mirrored_statuses(self, *, units: list[Any], campaign: Any) -> dict[int, str | None]:
        """``{unit.pk: status or None}`` for every unit given (missing keys count as None)."""
        ...


def mirrored_statuses_for(kind: str, *, units: list[Any], campaign: Any) -> dict[int, str | None]:
    """The mirrored status of each unit's task of evidence ``kind``: in bulk where the provider can."""
    provider = provider_for(kind)
    if provider is None or not units:
        return {}
    bulk = getattr(provider, "mirrored_statuses", None)
    if callable(bulk):
        result: dict[int, str | None] = bulk(units=units, campaign=campaign)
        return result
    return {unit.pk: provider.mirrored_status(unit=unit, campaign=campaign) for unit in units}
