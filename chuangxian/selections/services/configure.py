"""The office configures selections: types (with the seed's six as defaults) and the members'
eligibility records (since when someone does union work, a disciplinary record)."""

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.models import Tenant
from chuangxian.core.tenancy import lock
from chuangxian.orgs.models import Member
from chuangxian.selections.eligibility import MEMBER_RULES
from chuangxian.selections.models import (
    REQUIRED_STAGES,
    STAGE_ORDER,
    EntryKind,
    MemberRecord,
    QuotaMode,
    Rounding,
    SelectionType,
    Stage,
)
from chuangxian.selections.selectors import type_in_use
from chuangxian.selections.services._common import SelectionError, _require_office

MAX_QUOTA = 100


@dataclass(frozen=True)
class TypeData:
    name: str
    entry_kind: str
    stages: tuple[str, ...]
    description: str = ""
    rule_in_post: bool = False
    rule_cadre_years: int | None = None
    rule_not_honoured: bool = False
    rule_no_discipline: bool = False
    quota_mode: str = QuotaMode.FIXED
    quota_min: int = 0
    quota_max: int | None = None
    quota_percent: Decimal | None = None
    quota_rounding: str = Rounding.HALF_UP
    quota_at_least_one: bool = False
    is_active: bool = True


def _error(code: str, message: str, field_name: str | None = None) -> SelectionError:
    return SelectionError(code=code, message=message, field=field_name)


def type_data_check(data: TypeData) -> list[SelectionError]:
    """Every problem of ``data`` at once (the form shows them all); empty when it is whole."""
    problems: list[SelectionError] = []
    if not data.name.strip():
        problems.append(_error("name_required", _("请填写评选名称。"), "name"))
    if data.entry_kind not in EntryKind.values:
        problems.append(_error("bad_kind", _("请选择推荐对象（项目、个人或集体）。"), "entry_kind"))
    unknown = [s for s in data.stages if s not in STAGE_ORDER]
    ordered = [s for s in STAGE_ORDER if s in data.stages]
    if unknown or list(data.stages) != ordered or len(set(data.stages)) != len(data.stages):
        problems.append(
            _error("bad_stages", _("评选环节只能从规定的环节中选择，并按规定顺序排列。"), "stages")
        )
    missing = [Stage(s).label for s in REQUIRED_STAGES if s not in data.stages]
    if missing:
        problems.append(
            _error(
                "stage_required",
                _("评选环节必须包括：%(stages)s。") % {"stages": "、".join(map(str, missing))},
                "stages",
            )
        )
    if data.entry_kind != EntryKind.MEMBER:
        chosen = [name for name in MEMBER_RULES if getattr(data, name)]
        if chosen:
            problems.append(
                _error(
                    "member_rule",
                    _("“在职会员”“从事工会工作年限”“无处分记录”只适用于推荐个人的评选，请取消这些条件。"),
                    "rule_in_post",
                )
            )
    if data.rule_cadre_years is not None and not 1 <= data.rule_cadre_years <= 50:
        problems.append(_error("bad_years", _("从事工会工作年限应在 1 到 50 年之间。"), "rule_cadre_years"))
    if data.quota_mode == QuotaMode.FIXED:
        if data.quota_max is None or not 1 <= data.quota_max <= MAX_QUOTA:
            problems.append(
                _error(
                    "bad_quota",
                    _("请填写每单位最多推荐的数量（1–%(max)s）。") % {"max": MAX_QUOTA},
                    "quota_max",
                )
            )
        elif data.quota_min > data.quota_max:
            problems.append(
                _error("bad_quota", _("每单位至少推荐的数量不能多于最多推荐的数量。"), "quota_min")
            )
    elif data.quota_mode == QuotaMode.PERCENT:
        if data.quota_percent is None or not Decimal(0) < data.quota_percent <= Decimal(100):
            problems.append(_error("bad_percent", _("请填写大于 0、不超过 100 的比例。"), "quota_percent"))
        if data.quota_rounding not in Rounding.values:
            problems.append(_error("bad_rounding", _("请选择取整方式。"), "quota_rounding"))
    else:
        problems.append(_error("bad_quota_mode", _("请选择名额方式。"), "quota_mode"))
    return problems


def _check(data: TypeData) -> None:
    problems = type_data_check(data)
    if problems:
        first = problems[0]
        raise SelectionError(
            code=first.code, message=" ".join(p.message for p in problems), field=first.field
        )


def _fields(data: TypeData) -> dict[str, object]:
    values = asdict(data)
    values["name"] = data.name.strip()
    values["stages"] = list(data.stages)
    if data.quota_mode == QuotaMode.FIXED:
        values.update(quota_percent=None, quota_at_least_one=False)
    else:
        values.update(quota_min=0, quota_max=None)
    return values


def _plain(value: object) -> object:
    """A value as the audit log keeps it (JSON): a decimal as its text."""
    return str(value) if isinstance(value, Decimal) else value


def _name_taken(tenant_id: int, name: str, exclude: int | None = None) -> bool:
    qs = SelectionType.objects.filter(tenant_id=tenant_id, name=name.strip())
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


@transaction.atomic
def selection_type_create(*, tenant: Tenant, data: TypeData, actor: Actor) -> SelectionType:
    """The office adds a selection type. Raises Refused 'not_office'; SelectionError with the code of
    the first problem ('name_required', 'bad_stages', 'stage_required', 'member_rule', 'bad_quota',
    'bad_percent', ...; the message names every problem) or 'name_taken'."""
    _require_office(actor, tenant.pk)
    _check(data)
    if _name_taken(tenant.pk, data.name):
        raise SelectionError(code="name_taken", message=_("已有同名的评选类型。"), field="name")
    item = SelectionType.objects.create(tenant=tenant, **_fields(data))
    audit_record(actor=actor, action="selections.type.created", target=item, data={"name": item.name})
    return item


@transaction.atomic
def selection_type_update(*, selection_type: SelectionType, data: TypeData, actor: Actor) -> SelectionType:
    """The office edits a type. Its entry kind cannot change once a selection of it exists (its
    entries are of the old kind); a selection keeps the stages it copied when it was created, so
    changing the stages changes only later selections. Locks the type row. Raises Refused
    'not_office'; SelectionError as ``selection_type_create`` and 'kind_in_use'."""
    _require_office(actor, selection_type.tenant_id)
    item = lock(selection_type)
    _check(data)
    if _name_taken(item.tenant_id, data.name, exclude=item.pk):
        raise SelectionError(code="name_taken", message=_("已有同名的评选类型。"), field="name")
    if data.entry_kind != item.entry_kind and type_in_use(item):
        raise SelectionError(
            code="kind_in_use",
            message=_("已有评选使用此类型，推荐对象不能再改；请新建一个评选类型。"),
            field="entry_kind",
        )
    changes = {}
    for name, value in _fields(data).items():
        before = getattr(item, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
            setattr(item, name, value)
    item.save()
    audit_record(actor=actor, action="selections.type.updated", target=item, changes=changes)
    return item


FULL = (
    Stage.NOMINATION,
    Stage.PARTY_REVIEW,
    Stage.OFFICE_REVIEW,
    Stage.POLL,
    Stage.COMMITTEE,
    Stage.NOTICE,
    Stage.FINAL,
)
JUDGED = (
    Stage.NOMINATION,
    Stage.PARTY_REVIEW,
    Stage.OFFICE_REVIEW,
    Stage.SCORING,
    Stage.COMMITTEE,
    Stage.NOTICE,
    Stage.FINAL,
)

# The seed's honours (§二, §五) and selections (§六(二), §六(三)), with the usual rules of such
# selections; the office edits them like any other type.
DEFAULT_TYPES: tuple[TypeData, ...] = (
    TypeData(
        name="创先争优优秀项目",
        entry_kind=EntryKind.PROJECT,
        description="各分工会推荐 1–2 个项目参加学校工会优秀项目评选（实施方案六（二））。",
        stages=(
            Stage.NOMINATION,
            Stage.OFFICE_REVIEW,
            Stage.SCORING,
            Stage.COMMITTEE,
            Stage.NOTICE,
            Stage.FINAL,
        ),
        rule_not_honoured=True,
        quota_mode=QuotaMode.FIXED,
        quota_min=1,
        quota_max=2,
    ),
    TypeData(
        name="创先争优先进个人",
        entry_kind=EntryKind.MEMBER,
        description="在全体教职工中评选创先争优先进个人（实施方案六（三））。",
        stages=FULL,
        rule_in_post=True,
        rule_not_honoured=True,
        rule_no_discipline=True,
        quota_mode=QuotaMode.PERCENT,
        quota_percent=Decimal(5),
        quota_rounding=Rounding.HALF_UP,
        quota_at_least_one=True,
    ),
    TypeData(
        name="优秀工会工作者",
        entry_kind=EntryKind.MEMBER,
        stages=(
            Stage.NOMINATION,
            Stage.PARTY_REVIEW,
            Stage.OFFICE_REVIEW,
            Stage.COMMITTEE,
            Stage.NOTICE,
            Stage.FINAL,
        ),
        rule_in_post=True,
        rule_cadre_years=3,
        rule_not_honoured=True,
        rule_no_discipline=True,
        quota_mode=QuotaMode.FIXED,
        quota_max=1,
    ),
    TypeData(
        name="劳动模范 / 先进工作者推荐",
        entry_kind=EntryKind.MEMBER,
        stages=FULL,
        rule_in_post=True,
        rule_not_honoured=True,
        rule_no_discipline=True,
        quota_mode=QuotaMode.FIXED,
        quota_max=1,
    ),
    TypeData(
        name="先进工会基层组织",
        entry_kind=EntryKind.UNIT,
        stages=JUDGED,
        rule_not_honoured=True,
        quota_mode=QuotaMode.FIXED,
        quota_max=1,
    ),
    TypeData(
        name="模范职工之家",
        entry_kind=EntryKind.UNIT,
        stages=JUDGED,
        rule_not_honoured=True,
        quota_mode=QuotaMode.FIXED,
        quota_max=1,
    ),
    # Seed §三 (教学竞赛常规化): a competition is a members' selection whose panels are the groups of
    # each round (初赛 by group, 决赛), with a drawn order, timed lectures and live scoring.
    TypeData(
        name="青年教师教学竞赛",
        entry_kind=EntryKind.MEMBER,
        description="各分工会推荐青年教师参加学校教学竞赛（实施方案三：教学竞赛常规化）："
        "分组初赛、决赛，现场抽签决定出场顺序，讲课计时、超时扣分，评委现场打分。",
        stages=(Stage.NOMINATION, Stage.OFFICE_REVIEW, Stage.SCORING, Stage.NOTICE, Stage.FINAL),
        rule_in_post=True,
        quota_mode=QuotaMode.FIXED,
        quota_max=2,
    ),
)


@transaction.atomic
def selection_types_seed(*, tenant: Tenant, actor: Actor) -> list[SelectionType]:
    """The office adds the default types (the seed's six and the teaching competition) its school
    does not have yet (by name); one audit entry.
    Returns the types added (none when all exist). Raises Refused 'not_office'."""
    _require_office(actor, tenant.pk)
    Tenant.objects.select_for_update().filter(pk=tenant.pk).first()  # two clicks add them once
    have = set(SelectionType.objects.filter(tenant_id=tenant.pk).values_list("name", flat=True))
    added = [
        SelectionType.objects.create(tenant=tenant, **_fields(data))
        for data in DEFAULT_TYPES
        if data.name not in have
    ]
    if added:
        audit_record(
            actor=actor,
            action="selections.type.seeded",
            tenant_id=tenant.pk,
            data={"names": [t.name for t in added]},
        )
    return added


@transaction.atomic
def member_record_set(
    *, member: Member, union_work_since: date | None, disciplined: bool, discipline_note: str, actor: Actor
) -> MemberRecord:
    """The office records since when ``member`` does union work and whether a disciplinary record is
    flagged (the eligibility rules' data the roster lacks). Locks the member's record. Raises Refused
    'not_office'; SelectionError 'future_date'."""
    _require_office(actor, member.tenant_id)
    if union_work_since is not None and union_work_since > clock.today():
        raise SelectionError(
            code="future_date", message=_("起始日期不能晚于今天。"), field="union_work_since"
        )
    MemberRecord.objects.get_or_create(tenant_id=member.tenant_id, member=member)
    record = MemberRecord.objects.select_for_update().get(tenant_id=member.tenant_id, member=member)
    before = [str(record.union_work_since or ""), record.disciplined, record.discipline_note]
    record.union_work_since = union_work_since
    record.disciplined = disciplined
    record.discipline_note = discipline_note.strip() if disciplined else ""
    record.updated_by = login_of(actor)
    record.save()
    after = [str(record.union_work_since or ""), record.disciplined, record.discipline_note]
    audit_record(
        actor=actor,
        action="selections.record.set",
        target=record,
        unit=member.unit,
        changes={
            name: [b, a]
            for name, b, a in zip(
                ("union_work_since", "disciplined", "discipline_note"), before, after, strict=True
            )
            if b != a
        },
        data={"member": member.name, "staff_no": member.staff_no},
    )
    return record
