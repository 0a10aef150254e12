"""Who an activity's groups (限定人群) admit, in Python for one member and in SQL for a list.

An activity's audience is its units (or the whole tenant), optionally narrowed to groups. Groups of
the same kind are alternatives (教师 or 教辅: a member has one post category); groups of different
kinds must all hold (教师 + 青年教职工 = young teachers; 女教职工 alone = every woman on the roster).
A roster field left blank never matches: a member without a birth date is not known to be young.
"""

from collections.abc import Collection
from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.activities.models import Activity, ActivityAudienceGroup, AudienceGroup
from chuangxian.orgs.models import Gender, Member, Post

YOUTH_AGE = 35  # 青年教职工: not yet 35 on the day the activity starts

POST_OF_GROUP: dict[str, str] = {
    AudienceGroup.TEACHER: Post.TEACHER,
    AudienceGroup.ADMIN: Post.ADMIN,
    AudienceGroup.SUPPORT: Post.SUPPORT,
}
GROUP_OF_POST = {post: group for group, post in POST_OF_GROUP.items()}


def _birthday(born: date, years: int) -> date:
    """The day one turns ``years`` (a 29 February birthday falls on 1 March in a common year)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def youth_ends_at(member: Member) -> datetime | None:
    """The moment ``member`` turns YOUTH_AGE: local midnight of the birthday, or, when the roster has
    only the birth year, the start of the year they turn it (so "young" is never guessed). None when
    neither is known."""
    if member.birth_date is not None:
        day = _birthday(member.birth_date, YOUTH_AGE)
    elif member.birth_year:
        day = date(member.birth_year + YOUTH_AGE, 1, 1)
    else:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def activity_groups(activity: Activity) -> list[str]:
    """The activity's group codes in the order of AudienceGroup (uses a prefetched
    ``audience_groups`` when present)."""
    codes = {row.group for row in activity.audience_groups.all()}
    return [code for code in AudienceGroup.values if code in codes]


def member_in_groups(member: Member, activity: Activity, groups: Collection[str] | None = None) -> bool:
    """Whether ``member`` belongs to the groups ``activity`` is restricted to (True when none)."""
    groups = activity_groups(activity) if groups is None else groups
    posts = [POST_OF_GROUP[g] for g in groups if g in POST_OF_GROUP]
    if posts and member.post not in posts:
        return False
    if AudienceGroup.WOMEN in groups and member.gender != Gender.FEMALE:
        return False
    if AudienceGroup.PARTY in groups and not member.is_party_member:
        return False
    if AudienceGroup.YOUTH in groups:
        ends = youth_ends_at(member)
        if ends is None or activity.starts_at >= ends:
            return False
    return True


def groups_admit_q(member: Member) -> Q:
    """A filter on Activity: the activity's groups (if any) admit ``member``. The member's values are
    constants, so this is one subquery per kind of group, inside the list's single query."""

    def unrestricted(codes: Collection[str]) -> Q:
        """The activity has none of the groups ``codes``."""
        rows = ActivityAudienceGroup.objects.filter(
            tenant_id=member.tenant_id, activity=OuterRef("pk"), group__in=list(codes)
        )
        return ~Q(Exists(rows))

    own_post = GROUP_OF_POST.get(member.post)
    q = unrestricted(POST_OF_GROUP)
    if own_post is not None:
        q |= ~unrestricted([own_post])
    if member.gender != Gender.FEMALE:
        q &= unrestricted([AudienceGroup.WOMEN])
    if not member.is_party_member:
        q &= unrestricted([AudienceGroup.PARTY])
    ends = youth_ends_at(member)
    youth = unrestricted([AudienceGroup.YOUTH])
    q &= youth if ends is None else youth | Q(starts_at__lt=ends)
    return q


def groups_label(groups: Collection[str]) -> str:
    """「教师或教辅人员、女教职工」: post groups joined by 或, kinds by 、 (all of which must hold)."""
    labels = dict(AudienceGroup.choices)
    ordered = [code for code in AudienceGroup.values if code in groups]
    posts = [str(labels[g]) for g in ordered if g in POST_OF_GROUP]
    parts = [_("或").join(posts)] if posts else []
    parts += [str(labels[g]) for g in ordered if g not in POST_OF_GROUP]
    if len(parts) > 1:
        return _("%(groups)s（须同时满足）") % {"groups": "、".join(parts)}
    return parts[0] if parts else ""
