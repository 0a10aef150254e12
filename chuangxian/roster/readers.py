"""Reading a roster file: tell the real type from its bytes, then stream its rows.

The type comes from the content, never the name: a ZIP holding ``xl/`` is .xlsx (openpyxl,
read-only, streaming), an OLE2 compound file is a legacy .xls as WPS and old Office save it
(python-calamine), anything else that decodes as text is CSV (UTF-8 with or without BOM, UTF-16
with BOM as "Unicode text", or GB18030/GBK as Chinese Excel saves it).
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from chuangxian.roster.columns import HEADER_SCAN_ROWS, HeaderMap, RosterFileError, detect_header
from chuangxian.roster.models import ImportFormat

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 64 * 1024

Row = tuple[int, Sequence[Any]]  # (1-based sheet row number, cell values)


def _unsupported() -> RosterFileError:
    return RosterFileError(
        code="wrong_type",
        message=_(
            "无法识别这个文件。请上传 Excel 文件（.xlsx 或 .xls）或 CSV 文件；"
            "Word、PDF、图片和压缩包都不行。可以先下载导入模板再填写。"
        ),
    )


def sniff_format(stream: IO[bytes]) -> tuple[str, str]:
    """``(format, encoding)`` from the file's bytes. Raises RosterFileError 'empty' or 'wrong_type'."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head or not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise RosterFileError(code="empty", message=_("文件是空的，请检查后重新上传。"))
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile as error:
            raise RosterFileError(
                code="corrupt", message=_("文件已损坏，无法打开。请用 Excel 或 WPS 另存一份再上传。")
            ) from error
        finally:
            stream.seek(0)
        if any(name.startswith("xl/") for name in names):
            return ImportFormat.XLSX, ""
        raise _unsupported()
    if head.startswith(OLE2_MAGIC):
        return ImportFormat.XLS, ""
    encoding = _text_encoding(stream)
    if encoding is None:
        raise _unsupported()
    return ImportFormat.CSV, encoding


def _text_encoding(stream: IO[bytes]) -> str | None:
    data = stream.read()
    stream.seek(0)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:SNIFF_BYTES]:
            return None
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:SNIFF_BYTES]
        controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
        if controls > len(sample) // 100:
            return None
        return encoding
    return None


@dataclass
class SheetRows:
    """A sheet's header and an iterator over its rows below the header."""

    sheet_name: str
    header: HeaderMap
    rows: Iterator[Row]
    estimated_rows: int


def _xlsx_sheets(stream: IO[bytes]) -> Generator[tuple[str, Iterator[Row], int]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged package
        raise RosterFileError(
            code="corrupt", message=_("Excel 文件已损坏或已加密，无法读取。请另存为普通 .xlsx 后再上传。")
        ) from error
    try:
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            rows = (
                (number, cells) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
            )
            yield sheet.title, rows, int(sheet.max_row or 0)
    finally:
        workbook.close()


def _xls_sheets(stream: IO[bytes]) -> Generator[tuple[str, Iterator[Row], int]]:
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(stream)
    except (CalamineError, ValueError, OSError) as error:
        raise RosterFileError(
            code="corrupt",
            message=_(
                "无法读取这个 .xls 文件（可能已加密或已损坏）。请用 Excel 或 WPS 另存为 .xlsx 后再上传。"
            ),
        ) from error
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
            except CalamineError:
                continue
            # calamine yields rows from the sheet's first row (row numbers are positions) and
            # columns from the first used column; only relative column positions matter here.
            rows = ((number, cells) for number, cells in enumerate(sheet.iter_rows(), start=1))
            end = sheet.end
            yield meta.name, rows, (end[0] + 1) if end else 0


def _csv_sheets(stream: IO[bytes], encoding: str) -> Generator[tuple[str, Iterator[Row], int]]:
    text = stream.read().decode(encoding)
    try:
        dialect: Any = csv.Sniffer().sniff(text[: 16 * 1024], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = ((number, cells) for number, cells in enumerate(reader, start=1))
    yield "", rows, text.count("\n") + 1


@contextmanager
def open_sheet(stream: IO[bytes], file_format: str, encoding: str = "") -> Iterator[SheetRows]:
    """The first visible sheet that has a recognisable header, its rows streamed below it.

    Raises RosterFileError 'corrupt', 'no_header', 'missing_columns'.
    """
    stream.seek(0)
    sheets: Generator[tuple[str, Iterator[Row], int]]
    if file_format == ImportFormat.XLSX:
        sheets = _xlsx_sheets(stream)
    elif file_format == ImportFormat.XLS:
        sheets = _xls_sheets(stream)
    else:
        sheets = _csv_sheets(stream, encoding)
    first_error: RosterFileError | None = None
    try:
        for name, rows, estimate in sheets:
            top: list[Row] = []
            for row in rows:
                top.append(row)
                if len(top) >= HEADER_SCAN_ROWS:
                    break
            try:
                header = detect_header(top)
            except RosterFileError as error:
                first_error = first_error or error
                continue
            remaining = _chain(top[header.last_row - top[0][0] + 1 :], rows) if top else iter(())
            yield SheetRows(
                sheet_name=name,
                header=header,
                rows=remaining,
                estimated_rows=max(estimate - header.last_row, 0),
            )
            return
        raise first_error or RosterFileError(
            code="no_rows", message=_("文件里没有任何数据，请检查是否选错了文件。")
        )
    finally:
        sheets.close()


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest
