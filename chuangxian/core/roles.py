"""Roles of DESIGN.md §2. A role is held *at* a unit and reaches that unit's subtree.

Platform admins are ``User.is_superuser``; being a member (会员) is implied by having a roster row.
A power over one record is no role but a grant (``chuangxian.grants``): a judge (评委) is judge of one
campaign's selections, for a term, not of a unit's subtree (the role ``judge`` was removed, issue 12;
orgs migration 0005 turned its holders into judges of their school's campaigns).
"""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("校工会 / 创先办")
    CHAIR = "chair", _("二级工会主席")
    LIAISON = "liaison", _("联络员")
    REPRESENTATIVE = "representative", _("教代会代表")
    HANDLING_OFFICE = "handling", _("承办部门")
    LEADER = "leader", _("校领导 / 党委")


# A unit's own officers: its chair (二级工会主席) and liaison (联络员).
OFFICER_ROLES = (Role.CHAIR, Role.LIAISON)


class Capability(models.TextChoices):
    """What a role allows over the subtree it is held at."""

    MANAGE = "manage", _("管理")  # act for the unit: edit, submit, import
    VIEW = "view", _("查看")  # read the unit's non-public records
    CONFIGURE = "configure", _("配置创先活动")  # campaigns, phases, themes, reopen windows


CAPABILITIES: dict[str, frozenset[str]] = {
    Capability.CONFIGURE: frozenset({Role.OFFICE}),
    Capability.MANAGE: frozenset({Role.OFFICE, Role.CHAIR, Role.LIAISON}),
    Capability.VIEW: frozenset({Role.OFFICE, Role.CHAIR, Role.LIAISON, Role.LEADER}),
}


def roles_with(capability: str) -> frozenset[str]:
    return CAPABILITIES[capability]


# What a role will let its holder do once the pages for it exist (the staff congress, appeals; the
# judges' notice is a grant's, ``campaigns.todos.GRANT_OUTLOOK``). The home page tells the holder
# this while no to-do provider serves the role; when the feature app registers its provider with
# ``campaigns.todos.register(provider, serves=(role,))``, the holder's to-dos take the notice's place.
ROLE_OUTLOOK: dict[str, Promise] = {
    Role.HANDLING_OFFICE: _("作为承办部门，您将答复教代会代表提交给本部门的提案和教职工的诉求。"),
    Role.REPRESENTATIVE: _("作为教代会代表，您将提交提案、附议其他代表的提案，并在教代会上投票表决。"),
}
