"""The released result as a printable PDF (WeasyPrint, Noto CJK fonts): the same rule text and
figures as the result page, with the scrutineers' confirmations and the final hash."""

from datetime import date

from chuangxian.core.pdf import render_pdf
from chuangxian.voting import selectors
from chuangxian.voting.models import Poll


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
