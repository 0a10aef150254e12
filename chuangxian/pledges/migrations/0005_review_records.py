"""Pledges join the shared review cycle: each submitted pledge gets its version 1 (the text it has
now, the only one kept so far) and each reviewed pledge its last decision (review.Decision)."""

from django.db import migrations

SUBJECT = "pledges.pledge"
TYPES = {"post": "岗位承诺", "common": "共性承诺", "practical": "实事承诺"}
PUBLIC = ("published", "fulfilling", "reported", "rated")


def forward(apps, schema_editor):
    Pledge = apps.get_model("pledges", "Pledge")
    Revision = apps.get_model("review", "Revision")
    Decision = apps.get_model("review", "Decision")
    revisions, decisions = [], []
    for p in Pledge.objects.filter(submitted_at__isnull=False).select_related("member").iterator():
        revisions.append(
            Revision(
                tenant_id=p.tenant_id,
                subject_type=SUBJECT,
                subject_id=p.pk,
                number=1,
                fields=[
                    ["承诺类型", TYPES.get(p.type, p.type)],
                    ["承诺内容", p.content],
                    ["完成时限", p.due_on.isoformat()],
                    ["检验标准", p.check_standard],
                ],
                submitted_by_id=p.member.user_id,
                submitted_at=p.submitted_at,
            )
        )
        if p.reviewed_at is not None:
            decisions.append(
                Decision(
                    tenant_id=p.tenant_id,
                    subject_type=SUBJECT,
                    subject_id=p.pk,
                    number=1,
                    decision="approved" if p.status in PUBLIC else "returned",
                    comment=p.review_comment,
                    reviewer_id=p.reviewed_by_id,
                    created_at=p.reviewed_at,
                )
            )
    Revision.objects.bulk_create(revisions, batch_size=1000)
    Decision.objects.bulk_create(decisions, batch_size=1000)


def backward(apps, schema_editor):
    apps.get_model("review", "Revision").objects.filter(subject_type=SUBJECT).delete()
    apps.get_model("review", "Decision").objects.filter(subject_type=SUBJECT).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0004_campaign_wording"),
        ("review", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
