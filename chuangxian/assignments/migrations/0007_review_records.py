"""Unit tasks join the shared review cycle: each submitted unit task gets its version 1 (the evidence
it has now, the only one kept so far) and each reviewed one its last decision (review.Decision)."""

from django.db import migrations

SUBJECT = "assignments.unittask"
KINDS = {"document": "文件材料", "none": "无需材料", "meeting": "会议记录", "plan": "工会活动方案"}


def forward(apps, schema_editor):
    UnitTask = apps.get_model("assignments", "UnitTask")
    Revision = apps.get_model("review", "Revision")
    Decision = apps.get_model("review", "Decision")
    revisions, decisions = [], []
    submitted = UnitTask.objects.filter(submitted_at__isnull=False).select_related("task")
    for ut in submitted.iterator():
        if ut.task.evidence_kind != "none":
            revisions.append(
                Revision(
                    tenant_id=ut.tenant_id,
                    subject_type=SUBJECT,
                    subject_id=ut.pk,
                    number=1,
                    fields=[
                        ["所需材料", KINDS.get(ut.task.evidence_kind, ut.task.evidence_kind)],
                        ["提交的材料", ut.evidence_label],
                    ],
                    submitted_by_id=ut.submitted_by_id,
                    submitted_at=ut.submitted_at,
                )
            )
        if ut.reviewed_at is not None:
            decisions.append(
                Decision(
                    tenant_id=ut.tenant_id,
                    subject_type=SUBJECT,
                    subject_id=ut.pk,
                    number=1 if ut.task.evidence_kind != "none" else None,
                    decision="approved" if ut.status == "done" else "returned",
                    comment=ut.review_comment,
                    reviewer_id=ut.reviewed_by_id,
                    created_at=ut.reviewed_at,
                )
            )
    Revision.objects.bulk_create(revisions, batch_size=1000)
    Decision.objects.bulk_create(decisions, batch_size=1000)


def backward(apps, schema_editor):
    apps.get_model("review", "Revision").objects.filter(subject_type=SUBJECT).delete()
    apps.get_model("review", "Decision").objects.filter(subject_type=SUBJECT).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0006_alter_task_evidence_kind"),
        ("review", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
