"""Excel workbooks people file or forward: a caption row, a bold header row, then data rows.

Written with openpyxl's write-only mode, so a sheet of 100,000 rows streams instead of building a
cell object per value; text columns (staff and ID numbers) are stored as text so Excel and WPS keep
their leading zeros.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


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
            sheet.append([spec.caption])
        header_cells = []
        for text in spec.headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        styled = spec.text_columns | spec.date_columns
        for row in spec.rows:
            if not styled and not spec.wrap:
                sheet.append(list(row))
                continue
            values: list[Any] = []
            for index, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=value)
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
