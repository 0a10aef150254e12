"""The shared kernel's models: the tenant, and the abstract base every domain row inherits."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.tenancy import TenantManager


class InitialPasswordMode(models.TextChoices):
    """How a member who has never chosen a password logs in for the first time."""

    ID_NUMBER = "id_number", _("身份证号后六位（名册无身份证号时用统一初始密码）")
    RANDOM = "random", _("随机初始密码（由工会打印密码条发放）")


class Tenant(models.Model):
    """One institution on a shared installation (单位/学校). Every domain row carries one.

    A provincial installation can shard by ``tenant_id``: every unique constraint and hot index of a
    tenant-scoped table starts with it.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    slug = models.SlugField(_("代号"), max_length=40, unique=True)
    hosts = models.CharField(
        _("域名"), max_length=300, blank=True, help_text=_("以逗号分隔；从这些域名访问时自动选中本单位。")
    )
    initial_password = models.CharField(
        _("初始密码"),
        max_length=128,
        blank=True,
        help_text=_("名册中没有身份证号的会员首次登录使用的密码；留空则使用系统默认值。"),
    )
    initial_password_mode = models.CharField(
        _("初始密码方式"),
        max_length=16,
        choices=InitialPasswordMode.choices,
        default=InitialPasswordMode.ID_NUMBER,
        help_text=_("随机初始密码：只有拿到工会打印的密码条的会员才能首次登录，身份证号后六位不再有效。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("租户单位")
        verbose_name_plural = _("租户单位")

    def __str__(self) -> str:
        return self.name

    @property
    def host_list(self) -> list[str]:
        return [h.strip().lower() for h in self.hosts.split(",") if h.strip()]


class TenantModel(models.Model):
    """Abstract base of every domain row: it belongs to exactly one tenant."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+", verbose_name=_("租户"))

    # Queries must say their tenant (core.tenancy); Django's own row fetches (a foreign key, a
    # refresh, a save) use the plain base manager.
    objects = TenantManager()

    class Meta:
        abstract = True
