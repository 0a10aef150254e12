"""Reading one row of a roster file into normalised values and the errors the row alone shows (no
database)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.orgs.models import Gender, MemberStatus, Political, Post
from chuangxian.roster.columns import COLUMN_BY_FIELD, HeaderMap
from chuangxian.roster.values import (
    CellError,
    UncomputedFormula,
    clean_text,
    is_blank,
    parse_date,
    parse_gender,
    parse_id_number,
    parse_name,
    parse_phone,
    parse_political,
    parse_post,
    parse_staff_no,
    parse_status,
    parse_unit_name,
)

DATE_FIELDS = ("birth_date", "joined_on")
# Member fields compared with the file (``unit_id`` stands for the 所在单位 + 工会小组 columns).
COMPARED = (
    "name",
    "unit_id",
    "gender",
    "birth_date",
    "post",
    "political",
    "phone",
    "id_number",
    "joined_on",
    "status",
)
MEMBER_VALUES = (
    "id",
    "staff_no",
    "unit_id",
    "birth_year",
    "left_on",
    *[f for f in COMPARED if f != "unit_id"],
)
FIELD_LABELS: dict[str, Any] = {
    "name": gettext_lazy("姓名"),
    "unit_id": gettext_lazy("所在单位"),
    "gender": gettext_lazy("性别"),
    "birth_date": gettext_lazy("出生日期"),
    "post": gettext_lazy("岗位类别"),
    "political": gettext_lazy("政治面貌"),
    "phone": gettext_lazy("手机号码"),
    "id_number": gettext_lazy("身份证号"),
    "joined_on": gettext_lazy("入职日期"),
    "status": gettext_lazy("状态"),
}
_CHOICE_LABELS: dict[str, dict[str, Any]] = {
    "gender": dict(Gender.choices),
    "post": dict(Post.choices),
    "political": dict(Political.choices),
    "status": dict(MemberStatus.choices),
}
FOOTER_PREFIXES = ("制表", "填表", "审核", "合计", "总计", "备注", "说明", "注:", "注意")

_PARSERS = {
    "gender": parse_gender,
    "post": parse_post,
    "political": parse_political,
    "phone": parse_phone,
    "id_number": parse_id_number,
    "status": parse_status,
}


@dataclass
class ParsedRow:
    row_number: int | None
    values: dict[str, Any]
    errors: list[dict[str, str]] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def staff_no(self) -> str:
        return str(self.values.get("staff_no") or self.raw.get("staff_no", ""))

    @property
    def name(self) -> str:
        return str(self.values.get("name") or self.raw.get("name", ""))

    def add_error(self, field_name: str, column: str, code: str, message: str) -> None:
        self.errors.append({"field": field_name, "column": column, "code": code, "message": message})

    def data(self) -> dict[str, Any]:
        """JSON for the preview row: the normalised values (dates as ISO) and what could not be read."""
        out = {k: v.isoformat() if isinstance(v, date) else v for k, v in self.values.items()}
        if self.raw:
            out["raw"] = self.raw
        return out

    @classmethod
    def from_data(cls, row_number: int | None, data: dict[str, Any]) -> "ParsedRow":
        values = {k: v for k, v in data.items() if k not in ("raw", "unit_label")}
        for name in DATE_FIELDS:
            if isinstance(values.get(name), str):
                values[name] = date.fromisoformat(values[name])
        return cls(row_number=row_number, values=values)


def _footer(cells: Sequence[Any]) -> bool:
    """A note under the table ("制表人：张三", "合计：120 人") in a single cell."""
    filled = [c for c in cells if not is_blank(c)]
    return len(filled) == 1 and clean_text(filled[0]).replace(" ", "").startswith(FOOTER_PREFIXES)


def _uncomputed(label: str, value: UncomputedFormula) -> CellError:
    return CellError(
        "formula_without_value",
        _(
            "「%(label)s」是公式（%(formula)s），文件中没有保存它的计算结果，系统读不到值（生成这个文件的"
            "程序没有计算公式）。请在 Excel 或 WPS 中打开后另存为 .xlsx（会保存计算结果），或把这一列复制后"
            "「选择性粘贴 → 数值」，再重新上传。"
        )
        % {"label": label, "formula": str(value)[:40]},
    )


def parse_row(header: HeaderMap, row_number: int, cells: Sequence[Any], *, today: date) -> ParsedRow | None:
    """Read one data row. Returns None for an empty row or a footer note."""
    picked = {name: (cells[index] if index < len(cells) else None) for name, index in header.fields.items()}
    blanks = {name for name, value in picked.items() if is_blank(value)}
    if len(blanks) == len(picked) or (len(picked) - len(blanks) == 1 and _footer(cells)):
        return None
    row = ParsedRow(row_number=row_number, values={})
    for name, value in picked.items():
        if name in blanks:
            if COLUMN_BY_FIELD[name].required:
                label = COLUMN_BY_FIELD[name].label
                row.add_error(
                    name,
                    header.column_name(name),
                    "required",
                    _("「%(label)s」必须填写。") % {"label": label},
                )
            continue
        try:
            if isinstance(value, UncomputedFormula):
                raise _uncomputed(COLUMN_BY_FIELD[name].label, value)
            if name == "staff_no":
                parsed: Any = parse_staff_no(value)
            elif name == "name":
                parsed = parse_name(value)
            elif name in ("unit", "group"):
                parsed = parse_unit_name(value)
            elif name in DATE_FIELDS:
                parsed = parse_date(value, COLUMN_BY_FIELD[name].label, latest=today)
            else:
                parsed = _PARSERS[name](value)
        except CellError as error:
            row.add_error(name, header.column_name(name), error.code, error.message)
            row.raw[name] = clean_text(value)[:60]
        else:
            row.values[name] = parsed
    born, joined = row.values.get("birth_date"), row.values.get("joined_on")
    if born and joined and joined < born:
        row.add_error(
            "joined_on",
            header.column_name("joined_on"),
            "joined_before_birth",
            _("入职日期（%(joined)s）早于出生日期（%(born)s），请核对。")
            % {"joined": joined.isoformat(), "born": born.isoformat()},
        )
    return row
