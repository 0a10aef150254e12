"""The attendance row every check-in target keeps: one member at one event, how they came, when."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import TenantModel


class AttendanceMethod(models.TextChoices):
    CHECKIN = "checkin", _("扫码签到")
    TICKED = "ticked", _("登记")


class Attendance(TenantModel):
    """One member attended one event (a meeting, an activity, later a congress session).

    A concrete subclass adds the foreign key to its event, names it in ``target_field``, and backs
    "one row per member and event" with a ``UniqueConstraint`` on (tenant, <target_field>, member):
    ``core/tests/test_checkin_services.py`` reads the models, so a new subclass cannot forget it.
    Rows are written only by ``core.checkin.services``.
    """

    target_field: ClassVar[str]

    member = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("会员")
    )
    method = models.CharField(_("方式"), max_length=10, choices=AttendanceMethod.choices)
    at = models.DateTimeField(_("签到时间"))

    class Meta:
        abstract = True
