from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.models import Tenant


class AuditEntry(models.Model):
    """One append-only line per write through a service. Never updated, never deleted by the app.

    ``unit_path`` is the materialised path of the unit the target belongs to, copied at write time,
    so "everything that happened under this unit" is one prefix filter without a join.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The service clock, so history replayed "as of" a past day (the demo) is logged on that day.
    created_at = models.DateTimeField(_("时间"), default=clock.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=80)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=40, blank=True)
    target_label = models.CharField(_("对象"), max_length=200, blank=True)
    unit_id = models.BigIntegerField(null=True, blank=True)
    unit_path = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    data = models.JSONField(_("附加信息"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "target_type", "target_id"], name="audit_tenant_target"),
            models.Index(fields=["tenant", "unit_path"], name="audit_tenant_unit_path"),
            models.Index(fields=["tenant", "created_at"], name="audit_tenant_created"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"
