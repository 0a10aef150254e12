"""The union's organisation tree, its members, and the roles they hold at units."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from chuangxian.core.models import TenantModel
from chuangxian.core.roles import Role
from chuangxian.core.tenancy import TenantTreeManager


class UnitKind(models.TextChoices):
    SCHOOL_UNION = "school", _("校工会")
    SUB_UNION = "sub_union", _("二级工会")
    DIRECT_GROUP = "direct_group", _("直属工会小组")
    GROUP = "group", _("工会小组")


class UnitCategory(models.TextChoices):
    """Classified guidance (分类指导) of seed §二: different task sets and targets per category."""

    COLLEGE = "college", _("二级学院")
    OFFICE = "office", _("机关")
    SUPPORT = "support", _("教辅单位")
    NONE = "", _("未分类")


class Unit(TenantModel, MP_Node):
    """A union organisation. Its materialised path makes "my subtree" one prefix filter.

    Units are deactivated, never hard-deleted, once they have members or history.
    """

    # Overrides MP_Node's globally unique path: uniqueness (and the index) include the tenant.
    path = models.CharField(max_length=255)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices, default=UnitKind.SUB_UNION)
    category = models.CharField(
        _("单位类别"), max_length=20, choices=UnitCategory.choices, default=UnitCategory.NONE, blank=True
    )
    is_active = models.BooleanField(_("启用"), default=True)
    deactivated_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    node_order_by: list[str] = []
    objects: ClassVar["TenantTreeManager[Unit]"] = TenantTreeManager()

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "path"], name="unit_unique_tenant_path"),
            # Rosters name units by name, so a name identifies a non-group unit within a tenant.
            models.UniqueConstraint(
                fields=["tenant", "name"], condition=~Q(kind="group"), name="unit_unique_tenant_name"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "kind", "is_active"], name="unit_tenant_kind")]

    def __str__(self) -> str:
        return self.name


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在职")
    LEFT = "left", _("离职")
    RETIRED = "retired", _("退休")


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")
    UNKNOWN = "", _("未填")


class Post(models.TextChoices):
    TEACHER = "teacher", _("教师")
    ADMIN = "admin", _("管理")
    SUPPORT = "support", _("教辅")
    OTHER = "", _("未填")


class Political(models.TextChoices):
    CPC = "cpc", _("中共党员")
    CPC_PROBATIONARY = "cpc_probationary", _("中共预备党员")
    CYL = "cyl", _("共青团员")
    DEMOCRATIC = "democratic", _("民主党派")
    MASSES = "masses", _("群众")
    UNKNOWN = "", _("未填")


class Member(TenantModel):
    """A staff member on the union roster (会员/教职工). Keyed by staff number within the tenant."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="members", verbose_name=_("所在单位")
    )
    staff_no = models.CharField(_("工号"), max_length=32)
    name = models.CharField(_("姓名"), max_length=60)
    name_initials = models.CharField(_("姓名拼音首字母"), max_length=60, blank=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True, default="")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    post = models.CharField(_("岗位类别"), max_length=20, choices=Post.choices, blank=True, default="")
    political = models.CharField(
        _("政治面貌"), max_length=20, choices=Political.choices, blank=True, default=""
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    joined_on = models.DateField(_("入职日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    left_on = models.DateField(_("离校日期"), null=True, blank=True)
    # One login per member within the tenant (a unique constraint that includes the tenant, so it
    # shards; hence a ForeignKey, not a OneToOneField). Look the member up with ``member_for(user)``.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("登录账号"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "staff_no"], name="member_unique_tenant_staff_no"),
            models.UniqueConstraint(
                fields=["tenant", "user"], condition=Q(user__isnull=False), name="member_unique_tenant_user"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "unit", "status"], name="member_tenant_unit_status"),
            models.Index(fields=["tenant", "name"], name="member_tenant_name"),
            models.Index(fields=["tenant", "name_initials"], name="member_tenant_initials"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_no}）"

    @property
    def is_party_member(self) -> bool:
        return self.political in (Political.CPC, Political.CPC_PROBATIONARY)


class RoleAssignment(TenantModel):
    """A member holds a role at a unit; it reaches the unit's whole subtree (DESIGN.md §2)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="roles", verbose_name=_("会员"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="roles", verbose_name=_("单位"))
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "member", "unit", "role"], name="role_unique_tenant_member_unit_role"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "unit", "role"], name="role_tenant_unit_role")]

    def __str__(self) -> str:
        return f"{self.member.name} · {self.get_role_display()} · {self.unit.name}"
