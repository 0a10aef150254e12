"""The clock's job (``manage.py clock``): remind the handler and the school's office of every appeal
past its deadline without an answer, once per appeal and round (``notify``'s key), over every
school. The pages flag overdue appeals whether or not the job ran (``selectors.is_overdue``)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.appeals.models import OPEN_STATUSES, Appeal
from chuangxian.appeals.services._common import handlers_of, office_of
from chuangxian.core import clock
from chuangxian.notifications.services import notify

JOB = "appeals_overdue"


def appeals_remind_overdue() -> int:
    """Tell the handlers and the office of each open appeal whose deadline has passed; returns how
    many appeals had someone told now (a second run tells nobody again)."""
    today = clock.today()
    overdue = (
        Appeal.objects.all_tenants()  # the clock's sweep runs over every school's appeals, on purpose
        .filter(status__in=OPEN_STATUSES, due_on__lt=today)
        .select_related("unit")
        .order_by("tenant_id", "due_on", "pk")
    )
    reminded = 0
    for appeal in overdue:
        recipients = list(handlers_of(appeal)) + list(office_of(appeal.tenant_id))
        told = notify(
            tenant_id=appeal.tenant_id,
            recipients=list({m.pk: m for m in recipients}.values()),
            kind="appeals.overdue",
            title=_("诉求「%(subject)s」（%(unit)s）已超过答复期限 %(due)s，请尽快答复")
            % {"subject": appeal.subject, "unit": appeal.unit.name, "due": appeal.due_on.isoformat()},
            url=reverse("appeals:detail", args=[appeal.pk]),
            key=f"appeal-overdue:{appeal.pk}:{appeal.round}",
            email=True,
        )
        reminded += bool(told)
    return reminded


def appeals_job() -> dict[str, int]:
    return {"reminded": appeals_remind_overdue()}
