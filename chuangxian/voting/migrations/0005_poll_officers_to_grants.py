"""The poll officers become grants (issue 12): every scrutineer (监票人) and teller (计票人) named on a
poll becomes a ``grants.Grant`` on that poll, from the poll's creation date (local), open-ended, given
by nobody (``granted_by`` empty: the migration, not a person). ``PollOfficer`` keeps only what is
voting's own, a scrutineer's confirmation of the count: rows that confirmed nothing (every teller,
every scrutineer not yet confirmed) are removed, confirmed ones stay as they are.

Plain ORM through the historical models: runs on SQLite and PostgreSQL alike. Running it twice gives
no second grant (a live grant already there is kept). Backwards, every live officer grant is written
back as a ``PollOfficer`` row (the grants stay, harmless to the older code)."""

from django.db import migrations
from django.utils import timezone

OFFICER_KINDS = ("scrutineer", "teller")


def officers_to_grants(apps, schema_editor):
    PollOfficer = apps.get_model("voting", "PollOfficer")
    Grant = apps.get_model("grants", "Grant")
    ContentType = apps.get_model("contenttypes", "ContentType")
    poll_type, _created = ContentType.objects.get_or_create(app_label="voting", model="poll")
    officers = PollOfficer.objects.select_related("poll").order_by("pk")
    for officer in officers.iterator():
        poll = officer.poll
        live = Grant.objects.filter(
            tenant_id=officer.tenant_id,
            kind=officer.kind,
            target_type=poll_type,
            target_id=poll.pk,
            member_id=officer.member_id,
            revoked_at__isnull=True,
        )
        if not live.exists():
            Grant.objects.create(
                tenant_id=officer.tenant_id,
                kind=officer.kind,
                target_type=poll_type,
                target_id=poll.pk,
                member_id=officer.member_id,
                target_label=poll.title[:200],
                starts_on=timezone.localdate(poll.created_at),
                ends_on=None,
                granted_by=None,
                granted_at=poll.created_at,
            )
    # What stays is the scrutineers' confirmations.
    PollOfficer.objects.exclude(kind="scrutineer", confirmed_at__isnull=False).delete()


def grants_to_officers(apps, schema_editor):
    PollOfficer = apps.get_model("voting", "PollOfficer")
    Poll = apps.get_model("voting", "Poll")
    Grant = apps.get_model("grants", "Grant")
    ContentType = apps.get_model("contenttypes", "ContentType")
    poll_type = ContentType.objects.filter(app_label="voting", model="poll").first()
    if poll_type is None:
        return
    grants = Grant.objects.filter(
        target_type=poll_type, kind__in=OFFICER_KINDS, revoked_at__isnull=True, member__isnull=False
    ).order_by("pk")
    polls = set(Poll.objects.values_list("pk", flat=True))
    for grant in grants.iterator():
        if grant.target_id in polls:
            PollOfficer.objects.get_or_create(
                tenant_id=grant.tenant_id,
                poll_id=grant.target_id,
                member_id=grant.member_id,
                kind=grant.kind,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("grants", "0001_initial"),
        ("voting", "0004_poll_status_scheduled"),
    ]

    operations = [migrations.RunPython(officers_to_grants, grants_to_officers)]
