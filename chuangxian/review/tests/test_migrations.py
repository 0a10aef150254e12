"""The data migrations that moved plans, pledges and unit tasks onto the shared review records."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("plans", "0004_campaign_wording"),
    ("pledges", "0004_campaign_wording"),
    ("assignments", "0006_alter_task_evidence_kind"),
]
AFTER = [
    ("plans", "0005_review_decisions"),
    ("pledges", "0005_review_records"),
    ("assignments", "0007_review_records"),
]
AT = datetime(2010, 12, 20, 2, 0, tzinfo=UTC)


def _migrate(targets):
    """Every app at its latest migration except the three moved ones, which go to ``targets``."""
    executor = MigrationExecutor(connection)
    moved = {app for app, _name in targets}
    nodes = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in moved] + list(targets)
    executor.migrate(nodes)
    executor.loader.build_graph()
    return executor.loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True)
def test_reviews_and_submissions_are_carried_to_the_review_records():
    apps = _migrate(BEFORE)
    tenant = apps.get_model("core", "Tenant").objects.create(
        name="迁移测试", slug="mig", initial_password_mode="random"
    )
    unit = apps.get_model("orgs", "Unit").objects.create(tenant=tenant, path="0001", depth=1, name="学院")
    user = apps.get_model("accounts", "User").objects.create(username="office", tenant_id=tenant.pk)
    member = apps.get_model("orgs", "Member").objects.create(
        tenant=tenant, unit=unit, staff_no="1", name="会员", user=user
    )
    campaign = apps.get_model("campaigns", "Campaign").objects.create(tenant=tenant, title="创先争优")
    phase = apps.get_model("campaigns", "Phase").objects.create(
        tenant=tenant,
        campaign=campaign,
        order=1,
        name="一",
        starts_on=date(2010, 12, 1),
        ends_on=date(2010, 12, 31),
    )
    plan = apps.get_model("plans", "UnitPlan").objects.create(
        tenant=tenant, campaign=campaign, unit=unit, status="approved", current_number=2
    )
    v1 = apps.get_model("plans", "PlanVersion").objects.create(tenant=tenant, plan=plan, number=1)
    v2 = apps.get_model("plans", "PlanVersion").objects.create(tenant=tenant, plan=plan, number=2)
    PlanReview = apps.get_model("plans", "PlanReview")
    PlanReview.objects.create(
        tenant=tenant, plan=plan, version=v1, decision="returned", comment="改", reviewer=user, created_at=AT
    )
    PlanReview.objects.create(
        tenant=tenant, plan=plan, version=v2, decision="approved", reviewer=user, created_at=AT
    )
    pledge = apps.get_model("pledges", "Pledge").objects.create(
        tenant=tenant,
        campaign=campaign,
        member=member,
        unit=unit,
        type="post",
        content="答疑",
        due_on=date(2011, 7, 1),
        check_standard="评教",
        status="returned",
        submitted_at=AT,
        reviewed_at=AT,
        reviewed_by=user,
        review_comment="具体些",
    )
    task = apps.get_model("assignments", "Task").objects.create(
        tenant=tenant,
        campaign=campaign,
        phase=phase,
        title="动员",
        code="m",
        due_on=date(2010, 12, 31),
        evidence_kind="document",
    )
    unit_task = apps.get_model("assignments", "UnitTask").objects.create(
        tenant=tenant,
        task=task,
        unit=unit,
        status="done",
        evidence_label="动员.pdf",
        submitted_at=AT,
        submitted_by=user,
        reviewed_at=AT,
        reviewed_by=user,
    )

    apps = _migrate(AFTER)
    Decision, Revision = apps.get_model("review", "Decision"), apps.get_model("review", "Revision")
    plan_decisions = Decision.objects.filter(subject_type="plans.unitplan", subject_id=plan.pk).order_by(
        "number"
    )
    assert [(d.number, d.decision, d.comment, d.reviewer_id) for d in plan_decisions] == [
        (1, "returned", "改", user.pk),
        (2, "approved", "", user.pk),
    ]
    (pledge_version,) = Revision.objects.filter(subject_type="pledges.pledge", subject_id=pledge.pk)
    assert pledge_version.fields[1] == ["承诺内容", "答疑"] and pledge_version.submitted_by_id == user.pk
    (pledge_decision,) = Decision.objects.filter(subject_type="pledges.pledge", subject_id=pledge.pk)
    assert (pledge_decision.decision, pledge_decision.comment) == ("returned", "具体些")
    (task_version,) = Revision.objects.filter(subject_type="assignments.unittask", subject_id=unit_task.pk)
    assert task_version.fields == [["所需材料", "文件材料"], ["提交的材料", "动员.pdf"]]
    (task_decision,) = Decision.objects.filter(subject_type="assignments.unittask", subject_id=unit_task.pk)
    assert task_decision.decision == "approved"

    apps = _migrate(BEFORE)  # and back
    assert apps.get_model("plans", "PlanReview").objects.count() == 2
    assert not apps.get_model("review", "Decision").objects.exists()
    _migrate(
        [
            ("plans", "0005_review_decisions"),
            ("pledges", "0005_review_records"),
            ("assignments", "0007_review_records"),
        ]
    )
