"""The replay of phase 2 (创先争优，扎实推进) up to the demo's day, a third of the way in.

Three parts, each from its own seeded generator so that changing one does not reshuffle the others:
``projects`` (一个分工会一个项目), ``pledges`` (一个岗位一个承诺) and ``activities`` (一位教师一次活动).
Each plans first (pure, on the lists read by ``world_load``) and then writes, always through the
services under ``clock.as_of``: the organisers with their logins, and members' own acts (pledges,
sign-ups, QR check-ins) by each member with their own login (``world.logins_for``), through the
batched services the demo records (``core.batch``), so that a thousand acts cost a few queries.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date

from chuangxian.campaigns.models import Campaign
from chuangxian.demo.history import Fate
from chuangxian.demo.phase2.activities import activities_replay
from chuangxian.demo.phase2.pledges import pledges_replay
from chuangxian.demo.phase2.projects import projects_replay
from chuangxian.demo.phase2.world import Phase2Cast, world_load

__all__ = ["Phase2Cast", "Phase2Summary", "phase2_history_replay"]


@dataclass(frozen=True)
class Phase2Summary:
    projects: int
    pledges: dict[str, int]  # PledgeStatus → how many
    activities: int


def phase2_history_replay(
    *, campaign: Campaign, cast: Phase2Cast, fates: dict[int, Fate], as_of: date, seed: int
) -> Phase2Summary:
    """Record phase 2 so far. ``fates`` (phase 1's outcome per unit) decides which units started
    their projects early; ``seed`` seeds the three generators."""
    world = world_load(campaign=campaign, cast=cast, as_of=as_of)
    projects = projects_replay(world, fates, random.Random(f"{seed}:projects"))
    pledges: Counter[str] = pledges_replay(world, random.Random(f"{seed}:pledges"))
    activities = activities_replay(world, random.Random(f"{seed}:activities"))
    return Phase2Summary(projects=len(projects), pledges=dict(pledges), activities=len(activities))
