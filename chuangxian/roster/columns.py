"""The roster's columns, their header aliases, and finding the header in a sheet.

Real rosters are made by hand: a merged title above the header, the header split over two rows
("联系方式" over "手机号码", or "工号" merged down over both rows), columns in any order under
local names (职工号, 部门, 联系电话), extra columns nobody asked for. ``detect_header`` finds the
header among the first rows and maps each known field to a column index.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from chuangxian.core.errors import DomainError

# How many rows from the top of a sheet may hold titles and the header.
HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the template's header (without the required mark)
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 12
    text: bool = False  # the template formats the column as text ("@")


COLUMNS: tuple[Column, ...] = (
    Column(
        "staff_no",
        "工号",
        required=True,
        aliases=("职工号", "教工号", "职工编号", "教工编号", "人员编号", "员工号", "员工编号", "工作证号"),
        width=12,
        text=True,
    ),
    Column("name", "姓名", required=True, aliases=("职工姓名", "教职工姓名", "会员姓名"), width=10),
    Column(
        "unit",
        "所在单位",
        required=True,
        aliases=(
            "二级工会",
            "所在二级工会",
            "所属二级工会",
            "分工会",
            "所在分工会",
            "所属单位",
            "单位",
            "单位名称",
            "所在部门",
            "部门",
            "所属部门",
            "工作单位",
        ),
        width=22,
    ),
    Column("group", "工会小组", aliases=("所在工会小组", "所属工会小组", "小组"), width=16),
    Column("gender", "性别", width=6),
    Column("birth_date", "出生日期", aliases=("出生年月日", "生日"), width=12),
    Column("post", "岗位类别", aliases=("岗位", "岗位类型", "人员类别"), width=10),
    Column("political", "政治面貌", width=12),
    Column(
        "phone",
        "手机号码",
        aliases=("手机", "手机号", "联系电话", "电话", "电话号码", "移动电话", "联系方式"),
        width=14,
        text=True,
    ),
    Column(
        "id_number",
        "身份证号",
        aliases=("身份证", "身份证号码", "公民身份号码", "身份证件号码", "证件号码"),
        width=21,
        text=True,
    ),
    Column(
        "joined_on", "入职日期", aliases=("参加工作时间", "参加工作日期", "来校时间", "入校时间"), width=12
    ),
    Column("status", "状态", aliases=("在职状态", "人员状态"), width=8),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
REQUIRED_FIELDS = tuple(column.field for column in COLUMNS if column.required)

_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]|【.*?】|<.*?>")
_NOISE = re.compile(r"[\s*:：]")


def header_key(value: Any) -> str:
    """A header cell reduced to what matters: "工号 *", "身份证号（必填）" → "工号", "身份证号"."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = _BRACKETED.sub("", text)
    return _NOISE.sub("", text)


# alias → (field, rank): the canonical label ranks first, so "二级工会" beats "部门" when both exist.
_ALIASES: dict[str, tuple[str, int]] = {}
for _column in COLUMNS:
    for _rank, _alias in enumerate((_column.label, *_column.aliases)):
        _ALIASES.setdefault(header_key(_alias), (_column.field, _rank))


def match_header(value: Any) -> tuple[str, int] | None:
    return _ALIASES.get(header_key(value))


class RosterFileError(DomainError):
    """The file as a whole cannot be imported (wrong type, empty, no header...)."""


@dataclass
class HeaderMap:
    """Where the header is and which column holds which field (0-based column indexes)."""

    first_row: int  # 1-based sheet row of the header's first row
    last_row: int  # 1-based sheet row of the header's last row; data starts below it
    fields: dict[str, int]
    titles: dict[int, str]  # column index → header text as the user wrote it
    ignored: list[str] = field(default_factory=list)

    def column_name(self, field_name: str) -> str:
        """The column as the user sees it: their header text and the column letter."""
        index = self.fields.get(field_name)
        if index is None:
            return COLUMN_BY_FIELD[field_name].label
        title = self.titles[index] or COLUMN_BY_FIELD[field_name].label
        return _("%(title)s（%(letter)s列）") % {"title": title, "letter": column_letter(index)}

    def describe(self) -> dict[str, str]:
        """``{field label: "their header (C列)"}`` for the preview page."""
        return {COLUMN_BY_FIELD[name].label: self.column_name(name) for name in self.fields}

    @property
    def rows_label(self) -> str:
        if self.first_row == self.last_row:
            return str(self.first_row)
        return f"{self.first_row}-{self.last_row}"


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _matches(row: Sequence[Any]) -> dict[int, tuple[str, int]]:
    found: dict[int, tuple[str, int]] = {}
    for index, value in enumerate(row):
        if isinstance(value, str):
            hit = match_header(value)
            if hit is not None:
                found[index] = hit
    return found


def _assign(per_column: dict[int, tuple[str, int]]) -> dict[str, int]:
    """Each field to one column: the best-ranked alias, then the leftmost column."""
    best: dict[str, tuple[int, int]] = {}
    for index in sorted(per_column):
        name, rank = per_column[index]
        if name not in best or rank < best[name][0]:
            best[name] = (rank, index)
    return {name: index for name, (_rank, index) in best.items()}


def detect_header(rows: Sequence[tuple[int, Sequence[Any]]]) -> HeaderMap:
    """Find the header among ``rows`` (``(sheet row number, cells)`` from the top of the sheet).

    The header is the row that names most known columns. The row below belongs to the header too
    when it names known columns and has no staff number where the data would have one (a vertically
    merged "工号" leaves that cell empty); the row above belongs to it when it names columns the
    header row lacks (a group header "基本信息" over some columns, with "工号" merged down).
    Raises RosterFileError 'no_header' or 'missing_columns'.
    """
    scanned = [(number, list(cells)) for number, cells in rows[:HEADER_SCAN_ROWS]]
    scored = [(len(set(_assign(_matches(cells)))), position) for position, (_n, cells) in enumerate(scanned)]
    best_score, best = max(scored, key=lambda item: (item[0], -item[1]), default=(0, -1))
    if best_score < 2:
        raise RosterFileError(
            code="no_header",
            message=_(
                "在表格前 %(rows)s 行中找不到表头。请确认第一个工作表里有「工号」「姓名」「所在单位」等列名，"
                "或下载导入模板按模板填写。"
            )
            % {"rows": HEADER_SCAN_ROWS},
        )
    per_column = _matches(scanned[best][1])
    first = last = best
    if best > 0:
        above = _matches(scanned[best - 1][1])
        merged = {**above, **per_column}
        if len(set(_assign(merged))) > len(set(_assign(per_column))):
            per_column, first = merged, best - 1
    if best + 1 < len(scanned):
        below_cells = scanned[best + 1][1]
        below = _matches(below_cells)
        staff_col = _assign({**per_column, **below}).get("staff_no")
        staff_cell = (
            below_cells[staff_col] if staff_col is not None and staff_col < len(below_cells) else None
        )
        if below and (staff_cell in (None, "") or match_header(staff_cell) is not None):
            per_column, last = {**per_column, **below}, best + 1
    fields = _assign(per_column)
    titles: dict[int, str] = {}
    ignored: list[str] = []
    used = set(fields.values())
    width = max(len(cells) for _n, cells in scanned[first : last + 1])
    for index in range(width):
        texts = [_cell_text(cells[index]) for _n, cells in scanned[first : last + 1] if index < len(cells)]
        texts = [t for t in texts if t]
        # The lower row names the column ("手机号码" under "联系方式"), unless it is empty.
        title = texts[-1] if texts else ""
        if index in used:
            titles[index] = title
        elif title:
            ignored.append(title)
    missing = [COLUMN_BY_FIELD[name].label for name in REQUIRED_FIELDS if name not in fields]
    if missing:
        raise RosterFileError(
            code="missing_columns",
            message=_(
                "表头（第 %(row)s 行）缺少必填列：%(columns)s。请补上这些列，或下载导入模板按模板填写。"
            )
            % {"row": scanned[best][0], "columns": "、".join(missing)},
        )
    return HeaderMap(
        first_row=scanned[first][0], last_row=scanned[last][0], fields=fields, titles=titles, ignored=ignored
    )
