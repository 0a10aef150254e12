"""The office's writes: publish, edit and withdraw an item; word the four rights; name handlers.

Every item write locks what it checks: an edit or a withdrawal locks the item row (within its
tenant), so that an edit cannot slip in after the withdrawal it raced. Attachments are checked by
content before anything is stored (``core.attachments``).
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import DomainError
from chuangxian.core.files import file_check
from chuangxian.core.tenancy import lock
from chuangxian.disclosure.models import (
    Category,
    DisclosureAttachment,
    DisclosureAudience,
    DisclosureItem,
    DisclosureSettings,
    Mode,
    Right,
)
from chuangxian.disclosure.services._common import DisclosureError, _require_office
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import grants_on
from chuangxian.grants.services import grant_create
from chuangxian.orgs.models import Member, Unit

MAX_ATTACHMENTS = 10
LABEL_MAX = 20


@dataclass(frozen=True)
class ItemData:
    """What the office types for an item. ``units`` empty: the whole school."""

    title: str
    body: str
    category: str
    mode: str
    responsible_unit: Unit
    publish_on: date
    rights: Sequence[str] = ()
    units: Sequence[Unit] = ()
    review_on: date | None = None


def item_check(data: ItemData, *, tenant_id: int) -> list[DisclosureError]:
    """Everything wrong with ``data`` at once (the form shows them all)."""
    problems = []
    if not data.title.strip():
        problems.append(DisclosureError(code="title_required", message=_("请填写标题。"), field="title"))
    if not data.body.strip():
        problems.append(DisclosureError(code="body_required", message=_("请填写公开内容。"), field="body"))
    if data.category not in Category.values:
        problems.append(DisclosureError(code="bad_category", message=_("请选择类别。"), field="category"))
    if data.mode not in Mode.values:
        problems.append(DisclosureError(code="bad_mode", message=_("请选择公开方式。"), field="mode"))
    if any(code not in Right.values for code in data.rights):
        problems.append(DisclosureError(code="bad_right", message=_("所选权利不存在。"), field="rights"))
    if data.responsible_unit.tenant_id != tenant_id or any(u.tenant_id != tenant_id for u in data.units):
        problems.append(
            DisclosureError(code="wrong_tenant", message=_("所选单位不属于本校。"), field="units")
        )
    if data.review_on is not None and data.mode != Mode.PERIODIC:
        problems.append(
            DisclosureError(
                code="review_not_periodic",
                message=_("只有定期公开的事项有复核（到期）日期；长期、即时公开的事项请留空。"),
                field="review_on",
            )
        )
    elif data.review_on is not None and data.review_on <= data.publish_on:
        problems.append(
            DisclosureError(
                code="review_before_publish",
                message=_("复核（到期）日期应晚于公开日期。"),
                field="review_on",
            )
        )
    return problems


def _check_uploads(uploads: Sequence[tuple[str, bytes]], existing: int = 0) -> None:
    if existing + len(uploads) > MAX_ATTACHMENTS:
        raise DisclosureError(
            code="too_many_files",
            message=_("每个事项最多 %(n)s 个附件。") % {"n": MAX_ATTACHMENTS},
            field="attachments",
        )
    for name, content in uploads:
        try:
            file_check(io.BytesIO(content), name=name)
        except DomainError as error:
            raise DisclosureError(code=error.code, message=error.message, field="attachments") from error


def _attach(item: DisclosureItem, uploads: Sequence[tuple[str, bytes]], actor: Actor) -> None:
    for name, content in uploads:
        row = DisclosureAttachment(tenant_id=item.tenant_id, item=item)
        row.attach(io.BytesIO(content), name=name, uploaded_by=login_of(actor))
        row.save()


def _units(units: Sequence[Unit]) -> list[Unit]:
    return list({u.pk: u for u in units}.values())


def _rights(codes: Sequence[str]) -> list[str]:
    return [code for code in Right.values if code in set(codes)]


def _snapshot(item: DisclosureItem, unit_names: list[str]) -> dict[str, Any]:
    return {
        "title": item.title,
        "body": item.body,
        "category": item.category,
        "mode": item.mode,
        "rights": list(item.rights),
        "audience": "、".join(unit_names) if unit_names else _("全校"),
        "responsible_unit": item.responsible_unit.name,
        "publish_on": item.publish_on,
        "review_on": item.review_on,
    }


@transaction.atomic
def item_publish(
    *, tenant_id: int, data: ItemData, attachments: Sequence[tuple[str, bytes]] = (), actor: Actor
) -> DisclosureItem:
    """The office publishes an item to the whole school or the chosen units' subtrees, visible from
    ``data.publish_on``. Raises Refused 'not_office'; DisclosureError from ``item_check`` (the first
    problem), 'too_many_files' and the file checks' codes."""
    _require_office(actor, tenant_id)
    problems = item_check(data, tenant_id=tenant_id)
    if problems:
        raise problems[0]
    _check_uploads(attachments)
    units = _units(data.units)
    item = DisclosureItem.objects.create(
        tenant_id=tenant_id,
        title=data.title.strip(),
        body=data.body.strip(),
        category=data.category,
        mode=data.mode,
        rights=_rights(data.rights),
        whole_school=not units,
        responsible_unit=data.responsible_unit,
        publish_on=data.publish_on,
        review_on=data.review_on,
        published_by=login_of(actor),
    )
    DisclosureAudience.objects.bulk_create(
        DisclosureAudience(tenant_id=tenant_id, item=item, unit=unit) for unit in units
    )
    _attach(item, attachments, actor)
    audit_record(
        actor=actor,
        action="disclosure.item.published",
        target=item,
        data={**_snapshot(item, [u.name for u in units]), "attachments": [n for n, _c in attachments]},
    )
    return item


@transaction.atomic
def item_update(
    *,
    item: DisclosureItem,
    data: ItemData,
    attachments: Sequence[tuple[str, bytes]] = (),
    remove_attachments: Sequence[int] = (),
    actor: Actor,
) -> DisclosureItem:
    """The office edits an item (its audience, attachments added or removed included); the changes
    go into the audit. Locks the item. Raises Refused 'not_office'; DisclosureError 'withdrawn',
    what ``item_check`` finds, 'too_many_files' and the file checks' codes."""
    _require_office(actor, item.tenant_id)
    problems = item_check(data, tenant_id=item.tenant_id)
    if problems:
        raise problems[0]
    item = lock(item)
    if item.withdrawn_at is not None:
        raise DisclosureError(code="withdrawn", message=_("这个事项已经撤回，不能再修改。"))
    old_units = list(
        DisclosureAudience.objects.filter(tenant_id=item.tenant_id, item=item).select_related("unit")
    )
    before = _snapshot(item, [row.unit.name for row in old_units])
    dropped = list(
        DisclosureAttachment.objects.filter(
            tenant_id=item.tenant_id, item=item, pk__in=list(remove_attachments)
        )
    )
    kept = DisclosureAttachment.objects.filter(tenant_id=item.tenant_id, item=item).count() - len(dropped)
    _check_uploads(attachments, existing=kept)
    units = _units(data.units)
    item.title, item.body = data.title.strip(), data.body.strip()
    item.category, item.mode, item.rights = data.category, data.mode, _rights(data.rights)
    item.responsible_unit = data.responsible_unit
    item.publish_on, item.review_on = data.publish_on, data.review_on
    item.whole_school = not units
    item.updated_at = clock.now()
    item.save()
    if {row.unit_id for row in old_units} != {u.pk for u in units}:
        DisclosureAudience.objects.filter(tenant_id=item.tenant_id, item=item).delete()
        DisclosureAudience.objects.bulk_create(
            DisclosureAudience(tenant_id=item.tenant_id, item=item, unit=unit) for unit in units
        )
    for row in dropped:
        row.delete()  # the file goes after commit (core.attachments)
    _attach(item, attachments, actor)
    after = _snapshot(item, [u.name for u in units])
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    audit_record(
        actor=actor,
        action="disclosure.item.updated",
        target=item,
        changes=changes,
        data={
            "added": [name for name, _content in attachments],
            "removed": [row.original_name for row in dropped],
        },
    )
    return item


@transaction.atomic
def item_withdraw(*, item: DisclosureItem, reason: str, actor: Actor) -> DisclosureItem:
    """The office withdraws an item with a reason: it leaves every list and page (the office's
    included); the item, its feedback and the reason stay in the audit. Locks the item. Raises
    Refused 'not_office'; DisclosureError 'reason_required', 'withdrawn'."""
    _require_office(actor, item.tenant_id)
    reason = reason.strip()
    if not reason:
        raise DisclosureError(code="reason_required", message=_("请写明撤回的原因。"), field="reason")
    item = lock(item)
    if item.withdrawn_at is not None:
        raise DisclosureError(code="withdrawn", message=_("这个事项已经撤回。"))
    item.withdrawn_at = clock.now()
    item.withdrawn_by = login_of(actor)
    item.withdrawn_reason = reason[:300]
    item.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action="disclosure.item.withdrawn",
        target=item,
        data={"title": item.title, "reason": item.withdrawn_reason},
    )
    return item


@transaction.atomic
def rights_update(*, tenant_id: int, labels: dict[str, str], actor: Actor) -> DisclosureSettings:
    """The office words the four rights (``labels`` by ``Right`` code; each 1–20 characters).
    Locks the school's settings row (made with the seed's names the first time). Raises Refused
    'not_office'; DisclosureError 'label_required', 'label_too_long'."""
    _require_office(actor, tenant_id)
    cleaned = {code: labels.get(code, "").strip() for code in Right.values}
    for code, text in cleaned.items():
        if not text:
            raise DisclosureError(code="label_required", message=_("请填写每项权利的名称。"), field=code)
        if len(text) > LABEL_MAX:
            raise DisclosureError(
                code="label_too_long",
                message=_("权利的名称不超过 %(n)s 个字。") % {"n": LABEL_MAX},
                field=code,
            )
    row, _created = DisclosureSettings.objects.get_or_create(tenant_id=tenant_id)
    row = lock(row)
    before = row.labels()
    row.know_label = cleaned[Right.KNOW]
    row.participate_label = cleaned[Right.PARTICIPATE]
    row.elect_label = cleaned[Right.ELECT]
    row.supervise_label = cleaned[Right.SUPERVISE]
    row.updated_by = login_of(actor)
    row.updated_at = clock.now()
    row.save()
    after = row.labels()
    audit_record(
        actor=actor,
        action="disclosure.rights.updated",
        target=row,
        changes={str(code): [before[code], after[code]] for code in after if before[code] != after[code]},
    )
    return row


@transaction.atomic
def item_handlers_name(*, item: DisclosureItem, members: Sequence[Member], actor: Actor) -> list[Grant]:
    """The office names members who answer the item's questions besides its responsible office (a
    handler grant on the item, from today until taken back; a member holding it already is left as
    is). Locks the item. Refused 'not_office'; what ``grant_create`` raises. Each grant is audited
    by ``grant_create``."""
    _require_office(actor, item.tenant_id)
    item = lock(item)
    holding = set(
        grants_on(item)
        .filter(kind=GrantKind.HANDLER, revoked_at__isnull=True)
        .values_list("member_id", flat=True)
    )
    return [
        grant_create(kind=GrantKind.HANDLER, target=item, member=member, starts_on=clock.today(), actor=actor)
        for member in dict.fromkeys(members)
        if member.pk not in holding
    ]
