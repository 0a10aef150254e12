"""The sealed ballot box as its pages show it: who keeps the key, how many shares open it, which
scrutineers have collected and submitted theirs (names and times, never a share), and the trackers
published after the count."""

from dataclasses import dataclass
from datetime import datetime

from chuangxian.orgs.models import Member
from chuangxian.voting.models import Ballot, BallotBox, KeyShare, Poll, SealedBallot
from chuangxian.voting.models_box import BoxCustody


@dataclass(frozen=True)
class ShareHolder:
    """A scrutineer holding a share of the box's key: when they collected it and when they entered it."""

    member: Member
    collected_at: datetime | None
    submitted_at: datetime | None


@dataclass(frozen=True)
class BoxState:
    custody: str
    custody_label: str
    threshold: int
    holders: list[ShareHolder]
    opened_at: datetime | None
    sealed_count: int
    opened_count: int

    @property
    def held_by_scrutineers(self) -> bool:
        return self.custody == BoxCustody.SCRUTINEERS

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    @property
    def collected(self) -> list[ShareHolder]:
        return [h for h in self.holders if h.collected_at is not None]

    @property
    def not_collected(self) -> list[ShareHolder]:
        return [h for h in self.holders if h.collected_at is None]

    @property
    def submitted(self) -> list[ShareHolder]:
        return [h for h in self.holders if h.submitted_at is not None]

    @property
    def not_submitted(self) -> list[ShareHolder]:
        return [h for h in self.holders if h.submitted_at is None]

    @property
    def needed(self) -> int:
        """How many more scrutineers must enter their share before the box opens (0 once open)."""
        if self.is_open or not self.held_by_scrutineers:
            return 0
        return max(self.threshold - len(self.submitted), 0)

    def holder(self, member: Member | None) -> ShareHolder | None:
        """``member``'s share of the key, or None if they hold none."""
        if member is None:
            return None
        return next((h for h in self.holders if h.member.pk == member.pk), None)


def box_state(poll: Poll) -> BoxState | None:
    """The box of a sealed ``poll`` (None before it opens or for a poll without one); two queries.
    The keys, the ciphertexts and the shares themselves are never read."""
    if not poll.sealed:
        return None
    box = (
        BallotBox.objects.filter(tenant_id=poll.tenant_id, poll=poll)
        .only("custody", "threshold", "opened_at", "sealed_count", "opened_count")
        .first()
    )
    if box is None:
        return None
    shares = (
        KeyShare.objects.filter(tenant_id=poll.tenant_id, box=box)
        .select_related("member")
        .only("collected_at", "submitted_at", "member__name", "member__tenant_id", "member__unit_id")
        .order_by("member__name", "index")
    )
    return BoxState(
        custody=box.custody,
        custody_label=str(BoxCustody(box.custody).label),
        threshold=box.threshold,
        holders=[ShareHolder(s.member, s.collected_at, s.submitted_at) for s in shares],
        opened_at=box.opened_at,
        sealed_count=box.sealed_count,
        opened_count=box.opened_count,
    )


def box_trackers(poll: Poll) -> list[str]:
    """Every tracker of a sealed poll's box, sorted (the published list (a)); one query."""
    if not poll.sealed:
        return []
    return sorted(
        SealedBallot.objects.filter(tenant_id=poll.tenant_id, poll=poll).values_list("tracker", flat=True)
    )


@dataclass(frozen=True)
class BoxCount:
    """The two published lists of a sealed poll, counted: the trackers (ballots sealed into the box)
    and the opened ballots. They must be equal; the result and ballot pages say whether they are."""

    trackers: int
    opened: int

    @property
    def match(self) -> bool:
        return self.trackers == self.opened


def box_count(poll: Poll) -> BoxCount | None:
    """The count of a sealed poll's trackers and opened (online) ballots, once its box is open; None
    for a poll without a sealed box or before it opens. Three queries."""
    if (
        not poll.sealed
        or not BallotBox.objects.filter(tenant_id=poll.tenant_id, poll=poll, opened_at__isnull=False).exists()
    ):
        return None
    return BoxCount(
        trackers=SealedBallot.objects.filter(tenant_id=poll.tenant_id, poll=poll).count(),
        opened=Ballot.objects.filter(tenant_id=poll.tenant_id, poll=poll).count(),
    )


@dataclass(frozen=True)
class BoxPlan:
    """How a draft sealed poll's box will be kept when it opens, for the opening's confirmation."""

    scrutineers: int
    threshold: int  # 0: the instance key keeps it

    @property
    def by_instance(self) -> bool:
        return self.threshold == 0

    @property
    def all_needed(self) -> bool:
        """Every scrutineer must enter their share: one lost share and the box cannot be opened."""
        return not self.by_instance and self.threshold == self.scrutineers


def box_plan(poll: Poll) -> BoxPlan | None:
    """What ``services.box_prepare`` will do if ``poll`` opens now (None: not sealed); one query."""
    if not poll.sealed:
        return None
    from chuangxian.voting import sealing
    from chuangxian.voting.selectors.officers import scrutineers

    count = len(scrutineers(poll))
    if count < 2:
        return BoxPlan(scrutineers=count, threshold=0)
    return BoxPlan(scrutineers=count, threshold=poll.key_threshold or sealing.majority(count))
