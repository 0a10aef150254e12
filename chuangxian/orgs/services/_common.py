"""What every part of the organisation services shares: the error type, the field lists, the
unit editor's check and the name rules (pinyin initials, one name per unit)."""

from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.orgs.models import Unit, UnitKind
from chuangxian.orgs.permissions import can_edit_units

UNIT_FIELDS = ("name", "kind", "category", "is_active")
# Fields a roster import may write, in template order.
MEMBER_FIELDS = (
    "staff_no",
    "name",
    "unit_id",
    "gender",
    "birth_date",
    "birth_year",
    "post",
    "political",
    "phone",
    "id_number",
    "joined_on",
    "status",
    "left_on",
)


class OrgError(DomainError):
    pass


def _require_unit_editor(actor: Actor, tenant_id: int, message: str) -> None:
    if not can_edit_units(actor, tenant_id):
        raise Refused(message, code="not_office")


def name_initials(name: str) -> str:
    """Pinyin initials, so that "zw" finds 张伟."""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()[:60]


def _require_unique_name(*, tenant_id: int, name: str, kind: str, exclude_pk: int | None = None) -> None:
    if kind == UnitKind.GROUP:
        return
    clash = Unit.objects.filter(tenant_id=tenant_id, name=name).exclude(kind=UnitKind.GROUP)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise OrgError(
            code="duplicate_name",
            message=_("已有名为「%(name)s」的组织，请换一个名称。") % {"name": name},
            field="name",
        )
