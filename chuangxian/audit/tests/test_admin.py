from django.urls import reverse

from chuangxian.audit.services import audit_record
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.tests.factories import make_user


def test_back_office_log_is_read_only_and_scoped_to_a_tenant_bound_admin(client, tree, personas):
    audit_record(actor=SYSTEM, action="orgs.unit.updated", target=tree.college)
    audit_record(actor=SYSTEM, action="orgs.unit.updated", target=tree.other_unit)
    client.force_login(personas.admin)
    page = client.get(reverse("admin:audit_auditentry_changelist")).text
    assert "文学与传播学院" in page and "外校学院" in page
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    other_admin = make_user(None, tenant=tree.other_tenant, is_superuser=True, is_staff=True)
    client.force_login(other_admin)
    page = client.get(reverse("admin:audit_auditentry_changelist")).text
    assert "外校学院" in page and "文学与传播学院" not in page
