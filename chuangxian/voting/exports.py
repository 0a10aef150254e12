"""The released result as a printable PDF (the ``voting.result`` export) (WeasyPrint, Noto CJK fonts): the same rule text and
figures as the result page, with the scrutineers' confirmations and the final hash."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.pdf import render_pdf
from chuangxian.exports.registry import Exporter, fetch_param
from chuangxian.voting import selectors
from chuangxian.voting.models import Poll
from chuangxian.voting.permissions import can_see_result


def result_pdf(*, poll: Poll, printed_on: date) -> bytes:
    context = {
        "poll": poll,
        "view": selectors.result_view(poll),
        "scrutineers": selectors.scrutineers(poll),
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
