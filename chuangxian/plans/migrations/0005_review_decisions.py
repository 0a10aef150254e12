"""The office's plan reviews move to the shared review cycle's decisions (review.Decision)."""

from django.db import migrations

SUBJECT = "plans.unitplan"


def forward(apps, schema_editor):
    PlanReview = apps.get_model("plans", "PlanReview")
    Decision = apps.get_model("review", "Decision")
    Decision.objects.bulk_create(
        [
            Decision(
                tenant_id=r.tenant_id,
                subject_type=SUBJECT,
                subject_id=r.plan_id,
                number=r.version.number,
                decision=r.decision,
                comment=r.comment,
                reviewer_id=r.reviewer_id,
                created_at=r.created_at,
            )
            for r in PlanReview.objects.select_related("version").order_by("created_at", "id").iterator()
        ],
        batch_size=1000,
    )


def backward(apps, schema_editor):
    PlanReview = apps.get_model("plans", "PlanReview")
    PlanVersion = apps.get_model("plans", "PlanVersion")
    Decision = apps.get_model("review", "Decision")
    versions = {(v.plan_id, v.number): v.pk for v in PlanVersion.objects.all()}
    decisions = Decision.objects.filter(subject_type=SUBJECT).order_by("created_at", "id")
    PlanReview.objects.bulk_create(
        [
            PlanReview(
                tenant_id=d.tenant_id,
                plan_id=d.subject_id,
                version_id=versions[(d.subject_id, d.number)],
                decision=d.decision,
                comment=d.comment,
                reviewer_id=d.reviewer_id,
                created_at=d.created_at,
            )
            for d in decisions
            if d.reviewer_id is not None and (d.subject_id, d.number) in versions
        ]
    )
    decisions.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_campaign_wording"),
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="PlanReview"),
    ]
