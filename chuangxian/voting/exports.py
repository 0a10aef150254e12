"""The released result as a printable PDF (WeasyPrint, Noto CJK fonts): the same rule text and
figures as the result page, with the scrutineers' confirmations and the final hash."""

from datetime import date

from django.template.loader import render_to_string

from chuangxian.voting import selectors
from chuangxian.voting.models import Poll


def result_pdf(*, poll: Poll, printed_on: date) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    context = {
        "poll": poll,
        "view": selectors.result_view(poll),
        "scrutineers": selectors.scrutineers(poll),
        # The voting time as it happened: from the real opening (if later than planned) to the close.
        "started": max(poll.opens_at, poll.opened_at or poll.opens_at),
        "printed_on": printed_on,
    }
    font_config = FontConfiguration()
    css = CSS(string=render_to_string("voting/print/result.css", context), font_config=font_config)
    html = HTML(string=render_to_string("voting/print/result.html", context))
    pdf: bytes = html.write_pdf(stylesheets=[css], font_config=font_config)
    return pdf
