"""The judge role leaves the unit roles (issue 12): a judge is a ``grants.Grant`` on a campaign, for its
term. Every member who held the role ``judge`` at some unit becomes a judge of each campaign of their
school that is not closed (筹备中 or 进行中), for the campaign's term: from the first day of its first
phase to the last day of its last (a campaign without phases: from today, open-ended), given by
nobody (``granted_by`` empty: the migration, not a person). A school without such a campaign has
nothing to give: its judge roles are only dropped. Then every ``judge`` role row is deleted, and the
role field's choices lose it (the earlier migrations keep their choices as they were).

Plain ORM through the historical models: runs on SQLite and PostgreSQL alike. Running it twice gives
no second grant (a live grant already there is kept). Backwards, every live member-held judge grant on
a campaign becomes the role ``judge`` at the school's root unit again (what the demo gave); the
grants stay, harmless to the older code."""

from django.db import migrations, models
from django.utils import timezone

JUDGE = "judge"
CLOSED = "closed"


def _term(campaign, phases):
    days = [(p.starts_on, p.ends_on) for p in phases if p.campaign_id == campaign.pk]
    if not days:
        return timezone.localdate(), None
    return min(first for first, _last in days), max(last for _first, last in days)


def judge_roles_to_grants(apps, schema_editor):
    RoleAssignment = apps.get_model("orgs", "RoleAssignment")
    Campaign = apps.get_model("campaigns", "Campaign")
    Phase = apps.get_model("campaigns", "Phase")
    Grant = apps.get_model("grants", "Grant")
    ContentType = apps.get_model("contenttypes", "ContentType")
    roles = RoleAssignment.objects.filter(role=JUDGE)
    judges: dict[int, set[int]] = {}  # tenant → members who held the role
    for tenant_id, member_id in roles.values_list("tenant_id", "member_id").order_by("pk"):
        judges.setdefault(tenant_id, set()).add(member_id)
    if not judges:
        return
    campaign_type, _created = ContentType.objects.get_or_create(app_label="campaigns", model="campaign")
    now = timezone.now()
    for tenant_id, members in judges.items():
        campaigns = list(Campaign.objects.filter(tenant_id=tenant_id).exclude(status=CLOSED).order_by("pk"))
        phases = list(Phase.objects.filter(tenant_id=tenant_id, campaign__in=campaigns))
        for campaign in campaigns:
            starts_on, ends_on = _term(campaign, phases)
            for member_id in sorted(members):
                live = Grant.objects.filter(
                    tenant_id=tenant_id,
                    kind=JUDGE,
                    target_type=campaign_type,
                    target_id=campaign.pk,
                    member_id=member_id,
                    revoked_at__isnull=True,
                )
                if not live.exists():
                    Grant.objects.create(
                        tenant_id=tenant_id,
                        kind=JUDGE,
                        target_type=campaign_type,
                        target_id=campaign.pk,
                        member_id=member_id,
                        target_label=(campaign.short_title or campaign.title)[:200],
                        starts_on=starts_on,
                        ends_on=ends_on,
                        granted_by=None,
                        granted_at=now,
                    )
    roles.delete()


def grants_to_judge_roles(apps, schema_editor):
    RoleAssignment = apps.get_model("orgs", "RoleAssignment")
    Unit = apps.get_model("orgs", "Unit")
    Grant = apps.get_model("grants", "Grant")
    ContentType = apps.get_model("contenttypes", "ContentType")
    campaign_type = ContentType.objects.filter(app_label="campaigns", model="campaign").first()
    if campaign_type is None:
        return
    grants = Grant.objects.filter(
        target_type=campaign_type, kind=JUDGE, revoked_at__isnull=True, member__isnull=False
    ).order_by("pk")
    for tenant_id, member_id in grants.values_list("tenant_id", "member_id"):
        root = Unit.objects.filter(tenant_id=tenant_id, depth=1).order_by("path").first()
        if root is not None:
            RoleAssignment.objects.get_or_create(
                tenant_id=tenant_id, member_id=member_id, unit_id=root.pk, role=JUDGE
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("campaigns", "0004_campaign_wording"),
        ("grants", "0001_initial"),
        ("orgs", "0004_member_email"),
    ]

    operations = [
        migrations.RunPython(judge_roles_to_grants, grants_to_judge_roles),
        migrations.AlterField(
            model_name="roleassignment",
            name="role",
            field=models.CharField(
                choices=[
                    ("office", "校工会 / 创先办"),
                    ("chair", "二级工会主席"),
                    ("liaison", "联络员"),
                    ("representative", "教代会代表"),
                    ("handling", "承办部门"),
                    ("leader", "校领导 / 党委"),
                ],
                max_length=20,
                verbose_name="角色",
            ),
        ),
    ]
