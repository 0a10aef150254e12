"""The released result as a printable PDF (the ``voting.result`` export) (WeasyPrint, Noto CJK fonts): the same rule text and
figures as the result page, with the scrutineers' confirmations and the final hash."""

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.pdf import render_pdf
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.orgs.models import Unit
from chuangxian.voting import selectors
from chuangxian.voting.models import Poll
from chuangxian.voting.permissions import can_organise_at, can_see_result


def result_pdf(*, poll: Poll, printed_on: date) -> bytes:
    context = {
        "poll": poll,
        "view": selectors.result_view(poll),
        "scrutineers": selectors.scrutineers(poll),
        "count": selectors.box_count(poll),
        "printed_on": printed_on,
    }
    return render_pdf(
        html_template="voting/print/result.html", css_template="voting/print/result.css", context=context
    )


class PollResultExporter(Exporter):
    """The released result as a printable PDF, for whoever may see the result."""

    name = "voting.result"
    label = gettext_lazy("投票结果")
    formats = ("pdf",)

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"poll": fetch_param(actor, Poll.objects.select_related("unit"), params.get("poll"))}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_see_result(actor, objs["poll"])

    def title(self, **objs: Any) -> str:
        return f"{objs['poll'].title}结果"

    def render(self, actor: Actor, fmt: str, **objs: Any) -> bytes:
        return result_pdf(poll=objs["poll"], printed_on=clock.today())


class PollListExporter(Exporter):
    """The polls the actor organises (the 我组织的投票 list) with their turnout: how many may vote,
    how many took part online and on paper. Turnout only: never a ballot, a choice or a voter's name.
    For whoever may organise polls somewhere (``can_organise_at``); an optional ``unit`` narrows the
    list to the polls organised in that unit's subtree, which the actor must organise at."""

    name = "voting.polls"
    label = gettext_lazy("投票与参与")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("投票名称"), width=30),
        Column(gettext_lazy("组织单位"), width=24),
        Column(gettext_lazy("用途"), width=12),
        Column(gettext_lazy("状态"), width=10),
        Column(gettext_lazy("开始时间"), Kind.DATETIME),
        Column(gettext_lazy("截止时间"), Kind.DATETIME),
        Column(gettext_lazy("应到人数"), Kind.NUMBER, width=10),
        Column(gettext_lazy("网上投票人数"), Kind.NUMBER, width=12),
        Column(gettext_lazy("纸质投票人数"), Kind.NUMBER, width=12),
        Column(gettext_lazy("参与率"), Kind.PERCENT, width=10),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        unit = fetch_param(actor, Unit.objects.all(), params["unit"]) if params.get("unit") else None
        units = [unit] if unit is not None else selectors.organiser_units(actor)
        return {"unit": unit, "units": units}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return bool(objs["units"]) and all(can_organise_at(actor, unit) for unit in objs["units"])

    def tenant_id(self, actor: Actor, **objs: Any) -> int | None:
        return objs["units"][0].tenant_id if objs["units"] else actor.tenant_id

    def title(self, **objs: Any) -> str:
        unit = objs.get("unit")
        return f"{unit.name}投票与参与" if unit is not None else str(self.label)

    def _polls(self, **objs: Any) -> Any:
        return selectors.polls_organised_in(objs["units"]).annotate(
            online=Count("participations", filter=Q(participations__channel="online"), distinct=True),
            paper=Count("participations", filter=Q(participations__channel="paper"), distinct=True),
        )

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(selectors.polls_organised_in(objs["units"]).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        for poll in self._polls(**objs).iterator(chunk_size=2000):
            yield (
                poll.title,
                poll.unit.name,
                poll.get_purpose_display(),
                poll.get_status_display(),
                poll.opens_at,
                poll.closes_at,
                poll.electorate_size,
                poll.online,
                poll.paper,
                round(100 * poll.turnout / poll.electorate_size, 1) if poll.electorate_size else None,
            )
