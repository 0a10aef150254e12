from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import Tenant


class User(AbstractUser):
    """A login. Members log in with their tenant and staff number; ``username`` is internal.

    A member's account is created the first time they log in (or when the office sets a password),
    so importing a roster of 100,000 rows hashes no password.
    """

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("租户")
    )
    staff_no = models.CharField(_("工号"), max_length=32, blank=True)
    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "staff_no"], condition=~Q(staff_no=""), name="user_unique_tenant_staff_no"
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name()

    @staticmethod
    def username_for(tenant: Tenant, staff_no: str) -> str:
        return f"{tenant.slug}:{staff_no}"
