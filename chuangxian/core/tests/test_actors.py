"""The actor every service takes: a login or the system, named in the audit log; a refusal a view
did not catch is a 403 page that says why."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from chuangxian.audit.models import AuditEntry
from chuangxian.audit.services import audit_record
from chuangxian.core.actors import DEMO, SYSTEM, Actor, SystemActor, actor_of, is_person, is_system
from chuangxian.core.errors import Refused
from chuangxian.core.middleware import NotFoundErrorMiddleware
from chuangxian.orgs.permissions import can_configure_tenant, can_manage_unit, member_for, scope_for


def test_a_login_and_the_system_are_actors_an_anonymous_visitor_is_not(db, personas):
    assert isinstance(personas.member, Actor)
    assert isinstance(SYSTEM, Actor)
    assert not isinstance(AnonymousUser(), Actor)
    assert is_system(SYSTEM) and is_system(DEMO) and not is_system(personas.member)
    assert is_person(personas.member) and not is_person(SYSTEM)


def test_actor_of_gives_the_logged_in_user_and_refuses_an_anonymous_request(db, personas):
    request = RequestFactory().get("/")
    request.user = personas.chair
    assert actor_of(request) is personas.chair
    request.user = AnonymousUser()
    with pytest.raises(PermissionError):
        actor_of(request)


def test_the_audit_log_names_the_system_and_the_demo_and_refuses_no_actor(db, tree, personas):
    audit_record(actor=SYSTEM, action="core.test.system", target=tree.college)
    audit_record(actor=DEMO, action="core.test.demo", target=tree.college)
    audit_record(actor=personas.chair, action="core.test.person", target=tree.college)
    labels = dict(AuditEntry.objects.values_list("action", "actor_label"))
    assert labels["core.test.system"] == "系统"
    assert labels["core.test.demo"] == "系统（演示数据）"
    assert labels["core.test.person"] == "学院主席"
    assert AuditEntry.objects.get(action="core.test.person").actor == personas.chair
    assert AuditEntry.objects.get(action="core.test.system").actor is None
    with pytest.raises(TypeError):
        audit_record(actor=None, action="core.test.nobody", target=tree.college)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        audit_record(actor=AnonymousUser(), action="core.test.anonymous", target=tree.college)  # type: ignore[arg-type]
    assert not AuditEntry.objects.filter(action__in=["core.test.nobody", "core.test.anonymous"]).exists()


def test_the_system_reaches_every_unit_but_is_nobodys_member(db, tree):
    assert scope_for(SYSTEM).everything
    assert can_manage_unit(SYSTEM, tree.other_unit)
    assert can_configure_tenant(SYSTEM, tree.tenant.pk)
    assert member_for(SYSTEM) is None
    assert member_for(SystemActor("另一个任务")) is None


def test_a_refusal_no_view_caught_is_a_chinese_403_page_with_its_reason(client, personas):
    def view(request):  # pragma: no cover - replaced by process_exception
        return HttpResponse()

    middleware = NotFoundErrorMiddleware(view)
    request = RequestFactory().post("/")
    request.user = personas.member
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied) as raised:
        middleware.process_exception(
            request, Refused("只有本单位的工会主席或联络员可以审核。", code="not_manager")
        )
    assert str(raised.value) == "只有本单位的工会主席或联络员可以审核。"
    from django.views.defaults import permission_denied

    html = permission_denied(request, raised.value).content.decode()
    assert "只有本单位的工会主席或联络员可以审核。" in html
    assert "您没有权限进行此操作" in html


def test_login_of_names_the_person_and_no_one_for_the_system(db, personas):
    from chuangxian.core.actors import login_of

    assert login_of(personas.chair) == personas.chair
    assert login_of(SYSTEM) is None and login_of(DEMO) is None
