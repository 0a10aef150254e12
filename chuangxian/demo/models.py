"""Which demo login plays which role, so ``manage.py demo_logins`` can list them after the load."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import TenantModel


class PersonaKey(models.TextChoices):
    """One demo login per role of DESIGN.md §2, in the order the logins table lists them."""

    ADMIN = "admin", _("系统管理员")
    OFFICE = "office", _("校工会 / 创先办")
    CHAIR = "chair", _("二级工会主席")
    LIAISON = "liaison", _("二级工会联络员")
    MEMBER = "member", _("会员")
    REPRESENTATIVE = "representative", _("教代会代表")
    JUDGE = "judge", _("评委")
    HANDLING = "handling", _("承办部门")
    LEADER = "leader", _("校领导")


class Persona(TenantModel):
    """A demo login. ``member`` is empty for the platform admin, who belongs to no school."""

    key = models.CharField(_("角色"), max_length=20, choices=PersonaKey.choices)
    order = models.PositiveSmallIntegerField(_("序号"))
    member = models.ForeignKey(
        "orgs.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("会员"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("登录账号")
    )
    # False when the admin account existed before the demo and its password was left alone.
    password_is_demo = models.BooleanField(_("使用演示密码"), default=True)

    class Meta:
        verbose_name = _("演示账号")
        verbose_name_plural = _("演示账号")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["tenant", "key"], name="persona_unique_tenant_key")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} · {self.user}"
