from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import pytest

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import Actor
from chuangxian.exports import registry
from chuangxian.exports.registry import Column, Exporter, Kind
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.pledges.models import Pledge, PledgeStatus


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


def make_pledges(tree, campaign, n: int, *, content: str = "承诺{i}") -> None:
    members = MemberFactory.create_batch(n, unit=tree.group)
    Pledge.objects.bulk_create(
        Pledge(
            tenant_id=tree.tenant.pk,
            campaign=campaign,
            member=m,
            unit=tree.group,
            content=content.format(i=i),
            due_on=date(2011, 7, 1),
            check_standard="标准",
            status=PledgeStatus.PUBLISHED,
        )
        for i, m in enumerate(members)
    )


@pytest.fixture
def wall(tree, campaign):
    """The pledge wall export's params for 文学与传播学院."""
    return {"unit": tree.college.pk, "campaign": campaign.pk}


class BoomExporter(Exporter):
    """Fails after ``fail_after`` rows (a worker dying half-way, a database error)."""

    name = "tests.boom"
    label = "测试导出"
    columns = (Column("序号", Kind.NUMBER),)
    fail_after = 1500

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return actor.is_authenticated

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    def count(self, actor: Actor, **objs: Any) -> int:
        return 3000

    def rows(self, actor: Actor, **objs: Any) -> Iterator[tuple[int]]:
        for i in range(3000):
            if self.fail_after is not None and i == self.fail_after:
                raise RuntimeError("the database went away")
            yield (i,)

    def tenant_id(self, actor: Actor, **objs: Any) -> int | None:
        return actor.tenant_id


@pytest.fixture
def boom() -> Iterator[BoomExporter]:
    exporter = registry.register(BoomExporter())
    assert isinstance(exporter, BoomExporter)
    yield exporter
    registry._REGISTRY.pop(BoomExporter.name, None)
