"""Helpers for task tests: fake evidence providers (the real ones live in feature apps this app
must not depend on), a campaign travelled into, and a small PDF."""

from dataclasses import dataclass, field
from typing import Any

import pytest

from chuangxian.assignments import evidence
from chuangxian.assignments.evidence import EvidenceKind, EvidenceOption

PHASE1_DAY = "2010-12-20 10:00 +0800"  # inside phase 1 (2010-12-15 – 2010-12-31)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class FakeMeetings:
    """Meeting records by unit id."""

    records: dict[int, list[EvidenceOption]] = field(default_factory=dict)

    def add(self, unit: Any, pk: int, label: str = "2010-12-18 动员大会（出席 40/42）") -> EvidenceOption:
        option = EvidenceOption(key=f"meetings.meeting:{pk}", label=label, url=f"/meetings/{pk}/")
        self.records.setdefault(unit.pk, []).insert(0, option)
        return option

    def options(self, *, unit: Any, campaign: Any, task: Any = None) -> list[EvidenceOption]:
        return list(self.records.get(unit.pk, []))

    def mirrored_status(self, *, unit: Any, campaign: Any) -> str | None:
        return None


@dataclass
class FakePlans:
    """Plans with their own review: the unit task mirrors the status set here."""

    statuses: dict[int, str] = field(default_factory=dict)
    bulk_calls: int = 0
    single_calls: int = 0

    def options(self, *, unit: Any, campaign: Any, task: Any = None) -> list[EvidenceOption]:
        return []

    def mirrored_status(self, *, unit: Any, campaign: Any) -> str | None:
        self.single_calls += 1
        return self.statuses.get(unit.pk, "not_started")

    def mirrored_statuses(self, *, units: list[Any], campaign: Any) -> dict[int, str | None]:
        self.bulk_calls += 1
        return {unit.pk: self.statuses.get(unit.pk, "not_started") for unit in units}


@dataclass
class Providers:
    meetings: FakeMeetings
    plans: FakePlans


@pytest.fixture
def providers() -> Any:
    """Replace the registry with fakes for the test, then put back whatever was registered."""
    saved = dict(evidence._providers)
    evidence._providers.clear()
    fakes = Providers(FakeMeetings(), FakePlans())
    evidence.register_provider(EvidenceKind.MEETING, fakes.meetings, label="会议记录")
    evidence.register_provider(EvidenceKind.PLAN, fakes.plans, label="工会活动方案")
    yield fakes
    evidence._providers.clear()
    evidence._providers.update(saved)


@pytest.fixture
def no_providers() -> Any:
    saved = dict(evidence._providers)
    evidence._providers.clear()
    yield
    evidence._providers.update(saved)
