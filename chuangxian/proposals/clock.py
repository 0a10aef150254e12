"""The clock's job (``manage.py clock``): remind the handling offices of every proposal past its reply
deadline without an answer, once per proposal, round and day (``notify``'s key), over every school.
The pages flag overdue proposals whether or not the job ran; the committee may also remind at once
(``proposals_remind_overdue``)."""

from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.proposals.models import Proposal, Status
from chuangxian.proposals.selectors import handlers_of
from chuangxian.proposals.services._common import tell

JOB = "proposals_overdue"


def proposals_remind_due() -> int:
    """Tell the lead office of each assigned proposal whose deadline has passed; returns how many
    proposals were overdue."""
    today = clock.today()
    overdue = (
        Proposal.objects.all_tenants()  # the clock's sweep runs over every school's proposals, on purpose
        .filter(status=Status.ASSIGNED, deadline__lt=today, lead_unit__isnull=False)
        .select_related("lead_unit")
        .order_by("tenant_id", "deadline", "pk")
    )
    count = 0
    for proposal in overdue:
        assert proposal.lead_unit is not None and proposal.deadline is not None
        tell(
            handlers_of([proposal.lead_unit]),
            proposal,
            _("提案已超过答复期限（%(date)s），请尽快答复：%(title)s")
            % {"date": proposal.deadline.isoformat(), "title": proposal.title},
            key=f"proposals:overdue:{proposal.pk}:{proposal.round}:{today.isoformat()}",
        )
        count += 1
    return count


def proposals_job() -> dict[str, int]:
    return {"overdue": proposals_remind_due()}
