"""Grants on single objects: a power held over one record, for a term.

A role (``orgs.RoleAssignment``) is held at a unit and reaches its subtree. Some powers belong to one
record instead: the judges of one selection, the representatives of one congress, the handling office
of one proposal, the scrutineers and tellers of one poll. A ``Grant`` says "``holder`` is ``kind`` of
``target`` from ``starts_on`` to ``ends_on``". The holder is a member, or a unit (a handling office is
a department: its officers act for it). A grant outside its term, or revoked, gives nothing.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import TenantModel


class GrantKind(models.TextChoices):
    JUDGE = "judge", _("评委")
    REPRESENTATIVE = "representative", _("教代会代表")
    HANDLER = "handler", _("承办部门")
    SCRUTINEER = "scrutineer", _("监票人")
    TELLER = "teller", _("计票人")
    DISCIPLINE = "discipline", _("纪检监察")


class Grant(TenantModel):
    kind = models.CharField(_("权限"), max_length=20, choices=GrantKind.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    member = models.ForeignKey(
        "orgs.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("会员"),
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("单位"),
    )
    target_label = models.CharField(_("对象"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("授予时间"))
    revoked_at = models.DateTimeField(_("收回时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("单项授权")
        verbose_name_plural = _("单项授权")
        indexes = [
            models.Index(fields=["tenant", "target_type", "target_id", "kind"], name="grant_target_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(unit__isnull=True))
                | (Q(member__isnull=True) & Q(unit__isnull=False)),
                name="grant_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="grant_term_order",
            ),
            models.UniqueConstraint(
                fields=["tenant", "kind", "target_type", "target_id", "member"],
                condition=Q(revoked_at__isnull=True, member__isnull=False),
                name="grant_unique_live_member",
            ),
            models.UniqueConstraint(
                fields=["tenant", "kind", "target_type", "target_id", "unit"],
                condition=Q(revoked_at__isnull=True, unit__isnull=False),
                name="grant_unique_live_unit",
            ),
        ]

    def __str__(self) -> str:
        holder = self.member if self.member_id else self.unit
        return f"{holder} · {self.get_kind_display()} · {self.target_label}"
