from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.shortcuts import render

from chuangxian.audit.labels import action_groups, audit_row
from chuangxian.audit.selectors import audit_entries
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import paginate, require
from chuangxian.orgs.permissions import access_unit, can_configure_tenant


def audit_list(request: AuthedRequest) -> HttpResponse:
    """The office browses its tenant's log, by unit (``?unit=ID``) or by record (``?type=app.model&id=ID``)."""
    tenant_id = getattr(request.user, "tenant_id", None)
    require(tenant_id is not None and can_configure_tenant(request.user, tenant_id))
    unit = None
    target_type = None
    target_id = request.GET.get("id") or None
    if request.GET.get("unit", "").isdigit():
        unit = access_unit(request.user, int(request.GET["unit"]))
    if request.GET.get("type") and target_id:
        app_label, _, model = request.GET["type"].partition(".")
        target_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        require(target_type is not None)
    entries = audit_entries(
        tenant_id=tenant_id,  # type: ignore[arg-type]
        unit_id=unit.pk if unit else None,
        unit_path=unit.path if unit else None,
        target_type=target_type,
        target_id=target_id,
        action_prefix=request.GET.get("action", "").strip(),
    )
    page = paginate(request, entries)
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "rows": [audit_row(entry) for entry in page],
            "unit": unit,
            "target_type": target_type,
            "target_id": target_id,
            "action": request.GET.get("action", ""),
            "action_groups": action_groups(),
        },
    )
