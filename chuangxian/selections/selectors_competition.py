"""Reads of a teaching competition's pages: the live scoreboard (the secretary's and the projector's),
the draw with every entry's key, and the entry on stage. A fixed number of queries whatever the
number of entries, judges and sheets (``board`` and at most two more); the arithmetic is the pure
``scoring`` package.

What the projector shows (``public=True``) is chosen so that nothing partial leaks to the room while
the judges are still scoring: no judge's marks at all, and an entry's final score and rank only
once every sheet due for it is in; the rank is among those entries only (``scoring.rank`` on them,
with the recorded tie decisions), so it never depends on a score not shown. The secretary's board
shows the running scores of entries still being scored too, marked as such.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.selections.models_scoring import Panel, PanelEntry, Round
from chuangxian.selections.quota import plain
from chuangxian.selections.scoring import draw_keys, rank
from chuangxian.selections.selectors_scoring import (
    Board,
    board,
    decision_order,
    entry_unit,
    overtime_rule,
    panel_entries,
)


@dataclass(frozen=True)
class BoardRow:
    """One entry on the scoreboard, in the presentation order."""

    row: PanelEntry
    name: str
    unit: str
    submitted: int
    due: int
    score: Decimal | None  # the final score (trimmed mean after the deduction); None: not shown
    rank: int | None
    tied: bool  # shares its rank, awaiting a recorded decision
    on_stage: bool

    @property
    def complete(self) -> bool:
        return self.due > 0 and self.submitted == self.due

    @property
    def time(self) -> str:
        """The lecture's time as 分:秒, "" before it is timed."""
        return clock_text(self.row.duration_seconds)

    @property
    def state(self) -> str:
        """Where the entry stands: 'stage', 'waiting' (not yet presented), 'scoring' or 'done'."""
        if self.on_stage:
            return "stage"
        if self.complete:
            return "done"
        if self.row.duration_seconds is None and not self.submitted:
            return "waiting"
        return "scoring"


def clock_text(seconds: int | None) -> str:
    return "" if seconds is None else f"{seconds // 60}:{seconds % 60:02d}"


def elapsed(row: PanelEntry | None) -> int | None:
    """Whole seconds since the lecture of ``row`` started (None when it is not running)."""
    if row is None or row.started_at is None or row.duration_seconds is not None:
        return None
    return max(int((clock.now() - row.started_at).total_seconds()), 0)


@dataclass(frozen=True)
class Scoreboard:
    panel: Panel
    rows: list[BoardRow]
    on_stage: BoardRow | None
    elapsed: int | None  # seconds the entry on stage has been presenting
    sheets_in: int
    sheets_due: int
    public: bool
    rule_text: str

    @property
    def version(self) -> str:
        """Changes whenever what the board shows changes (the browser test waits on it)."""
        return "-".join(
            f"{r.row.pk}:{r.submitted}:{r.score}:{r.rank}:{r.on_stage}:{r.row.deduction}" for r in self.rows
        )


def rule_text(panel: Panel) -> str:
    """The overtime rule in a sentence, or "" without one."""
    rule = overtime_rule(panel)
    if rule is None:
        return ""
    text = _("规定时长 %(limit)s 分钟，超时每分钟（不足一分钟按一分钟计）扣 %(per)s 分") % {
        "limit": plain(Decimal(rule.limit_seconds) / 60),
        "per": plain(rule.per_minute),
    }
    if rule.cap is not None:
        text += _("，最多扣 %(cap)s 分") % {"cap": plain(rule.cap)}
    if rule.grace_seconds:
        text += _("，超时 %(grace)d 秒以内不扣分") % {"grace": rule.grace_seconds}
    return text + "。"


def scoreboard(panel: Panel, *, public: bool = False) -> Scoreboard:
    """The panel's live scoreboard; ``public`` for the projector (see the module's docstring)."""
    state: Board = board(panel)
    progress = {p.entry: p for p in state.progress.entries}
    if public:
        complete = {
            r.entry_id: state.totals[r.pk]
            for r in state.rows
            if progress[r.pk].due and progress[r.pk].submitted == progress[r.pk].due
        }
        ranking = rank(complete, tie_break=panel.tie_break, decision=decision_order(panel))
    else:
        ranking = state.ranking
    ranked = {r.entry: r for r in ranking.rows}
    tied = {e for tie in ranking.ties for e in tie.entries}
    rows = [
        BoardRow(
            row=r,
            name=r.entry.candidate_name,
            unit=entry_unit(r.entry).name,
            submitted=progress[r.pk].submitted,
            due=progress[r.pk].due,
            score=ranked[r.entry_id].score if r.entry_id in ranked else None,
            rank=ranked[r.entry_id].rank if r.entry_id in ranked else None,
            tied=r.entry_id in tied,
            on_stage=r.pk == panel.current_id,
        )
        for r in state.rows
    ]
    return Scoreboard(
        panel=panel,
        rows=rows,
        on_stage=(current := next((r for r in rows if r.on_stage), None)),
        elapsed=elapsed(current.row if current else None),
        sheets_in=sum(r.submitted for r in rows),
        sheets_due=sum(r.due for r in rows),
        public=public,
        rule_text=rule_text(panel),
    )


@dataclass(frozen=True)
class DrawRow:
    row: PanelEntry
    key: str  # the entry's draw key under the recorded seed ("" before the draw)


def draw_rows(panel: Panel) -> list[DrawRow]:
    """The panel's entries in their order, with each one's draw key under the recorded seed (the
    page prints them so anyone can check the order); one query."""
    rows = panel_entries(panel)
    if not panel.draw_seed:
        return [DrawRow(r, "") for r in rows]
    keys = dict(draw_keys([r.entry_id for r in rows], panel.draw_seed))
    return [DrawRow(r, keys[r.entry_id]) for r in rows]


def is_live(panel: Panel) -> bool:
    """Whether the panel is scored at lectures (a competition's round, a timed rule, a draw): its
    judges' pages then show who is on stage."""
    return bool(
        panel.round != Round.ONLY or panel.overtime_limit_seconds or panel.draw_seed or panel.current_id
    )


def on_stage(panel: Panel) -> PanelEntry | None:
    """The entry presenting now, with its entry; one query when there is one, none otherwise."""
    if panel.current_id is None:
        return None
    return (
        PanelEntry.objects.filter(tenant_id=panel.tenant_id, pk=panel.current_id)
        .select_related("entry")
        .first()
    )
