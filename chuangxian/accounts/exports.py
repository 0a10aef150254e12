"""The printed sheet of random initial passwords: one cut-out slip per member."""

from collections.abc import Sequence
from datetime import date

from chuangxian.accounts.services import InitialPasswordSlip
from chuangxian.core.models import Tenant
from chuangxian.core.pdf import render_pdf


def initial_password_slips_pdf(
    *, tenant: Tenant, title: str, slips: Sequence[InitialPasswordSlip], login_url: str, printed_on: date
) -> bytes:
    """The slips as a PDF, rendered in memory and never stored: the passwords are in it alone."""
    context = {
        "tenant": tenant,
        "title": title,
        "slips": slips,
        "login_url": login_url,
        "printed_on": printed_on,
    }
    return render_pdf(
        html_template="accounts/print/slips.html", css_template="accounts/print/slips.css", context=context
    )
