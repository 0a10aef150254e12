"""Reading a roster file: tell the real type from its bytes, then stream its rows.

The type comes from the content, never the name: a ZIP holding ``xl/`` is .xlsx (openpyxl,
read-only, streaming), an OLE2 compound file is a legacy .xls as WPS and old Office save it
(python-calamine), anything else that decodes as text is CSV (UTF-8 with or without BOM, UTF-16
with BOM as "Unicode text", or GB18030/GBK as Chinese Excel saves it).

A file is read completely or refused, never cut short. An .xlsx's ZIP directory is checked against
``ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES`` and ``ROSTER_IMPORT_MAX_ZIP_ENTRIES`` before anything is
decompressed; its rows are read from the sheet's XML whatever its ``<dimension>`` claims; a formula
saved without its result comes through as ``UncomputedFormula``, not as an empty cell.
"""

import codecs
import csv
import functools
import io
import re
import zipfile
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from chuangxian.roster.columns import HEADER_SCAN_ROWS, HeaderMap, RosterFileError, detect_header
from chuangxian.roster.models import ImportFormat
from chuangxian.roster.values import UncomputedFormula

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 64 * 1024
XML_CHUNK = 1024 * 1024
# Sheet XML per row assumed when sizing an .xlsx for the background decision: above what a dozen
# styled cells take, so rows padded with thousands of cells count as many rows.
XLSX_XML_BYTES_PER_ROW = 1024
# A <row> element, with or without a namespace prefix (some generators write <x:row>).
_ROW_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?row[\s>/]")

Row = tuple[int, Sequence[Any]]  # (1-based sheet row number, cell values)
SheetSize = Callable[[], int]  # rows in a sheet, counted without parsing it


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
        names = _archive_names(stream)
        if any(name.startswith("xl/") for name in names):
            return ImportFormat.XLSX, ""
        raise _unsupported()
    if head.startswith(OLE2_MAGIC):
        return ImportFormat.XLS, ""
    encoding = _text_encoding(stream)
    if encoding is None:
        raise _unsupported()
    return ImportFormat.CSV, encoding


def _archive_names(stream: IO[bytes]) -> list[str]:
    """The names in a ZIP whose central directory is within the limits; nothing is decompressed.

    The sizes come from the central directory, and they bind every later reader: zipfile never
    yields more than a member's recorded size (a member holding more fails its checksum and reads
    as damaged). Raises RosterFileError 'corrupt', 'archive_too_many_entries', 'archive_too_large'.
    """
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise RosterFileError(
            code="corrupt", message=_("文件已损坏，无法打开。请用 Excel 或 WPS 另存一份再上传。")
        ) from error
    finally:
        stream.seek(0)
    most = settings.ROSTER_IMPORT_MAX_ZIP_ENTRIES
    if len(members) > most:
        raise RosterFileError(
            code="archive_too_many_entries",
            message=_(
                "这个文件内部有 %(count)s 个部件，超过上限 %(limit)s 个，不像是一份名册。"
                "请用 Excel 或 WPS 打开后另存为新的 .xlsx（只保留名册工作表，删去图片和附件）再上传。"
            )
            % {"count": len(members), "limit": most},
        )
    expanded = sum(member.file_size for member in members)
    limit = settings.ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES
    if expanded > limit:
        raise RosterFileError(
            code="archive_too_large",
            message=_(
                "这个文件解压后有 %(size)s MB，超过上限 %(limit)s MB（几千人的名册解压后只有几 MB）。"
                "请删去多余的工作表、图片和空行，另存为 .xlsx 后再上传，或分批导入。"
            )
            % {"size": f"{expanded / 1048576:.0f}", "limit": f"{limit / 1048576:.0f}"},
        )
    return [member.filename for member in members]


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
    size: SheetSize

    def estimated_rows(self) -> int:
        """Data rows below the header, counted without parsing them (for an .xlsx, from its XML)."""
        return max(self.size() - self.header.last_row, 0)


def _xlsx_corrupt() -> RosterFileError:
    return RosterFileError(
        code="corrupt", message=_("Excel 文件已损坏或已加密，无法读取。请另存为普通 .xlsx 后再上传。")
    )


def _xlsx_sheets(stream: IO[bytes]) -> Generator[tuple[str, Iterator[Row], SheetSize]]:
    import openpyxl

    _archive_names(stream)  # again here: the worker reads stored files through this path too
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged package
        raise _xlsx_corrupt() from error
    try:
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            yield sheet.title, _xlsx_rows(sheet), functools.partial(_xlsx_size, sheet)
    finally:
        workbook.close()


def _xlsx_rows(sheet: Any) -> Iterator[Row]:
    """Every row the sheet's XML holds, numbered as in Excel, one at a time.

    openpyxl's read-only ``iter_rows`` stops at the last row and column the sheet's ``<dimension>``
    claims, and files written by other programs can claim fewer than they hold (an 8-row roster read
    as 2). This runs openpyxl's own sheet parser as ``ReadOnlyWorksheet._cells_by_row`` does, minus
    the dimension (openpyxl has no public way to do that and keep formula cells apart; its version
    is pinned in uv.lock and the reader tests cover every attribute used here). Rows the XML leaves
    out are not yielded, so numbers can skip. A damaged sheet raises RosterFileError 'corrupt'.
    """
    parent = sheet.parent
    try:
        with sheet._get_source() as source:
            parser = _cached_value_parser()(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=parent.epoch,
                date_formats=parent._date_formats,
                timedelta_formats=parent._timedelta_formats,
            )
            for number, cells in parser.parse():
                values: list[Any] = [None] * max((cell["column"] for cell in cells), default=0)
                for cell in cells:
                    values[cell["column"] - 1] = cell["value"]
                yield number, values
    except Exception as error:  # a broken XML, a member cut short, an impossible coordinate
        raise _xlsx_corrupt() from error


@functools.cache
def _cached_value_parser() -> Any:
    """openpyxl's sheet parser (imported on first use, like openpyxl everywhere in this module)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class CachedValueParser(WorkSheetParser):
        """Cached values (``data_only``), and ``UncomputedFormula`` where a formula has none.

        Excel saves a formula's result in ``<v>`` (an empty one with t="str" for an empty text
        result); a program that never calculated writes ``<f>`` alone or with an empty ``<v>``.
        """

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.get("t") != "str":
                formula = element.find(FORMULA_TAG)
                if formula is not None:
                    cell["value"] = UncomputedFormula(formula.text or "")
            return cell

    return CachedValueParser


def _xlsx_size(sheet: Any) -> int:
    """Rows in a sheet from its XML, without parsing it: the ``<row>`` elements, or the XML's size
    over ``XLSX_XML_BYTES_PER_ROW`` when that is more. Never the ``<dimension>``, which can lie.
    Costs one decompression of the sheet (bounded by the archive limits) and a byte search."""
    rows = size = 0
    tail = b""
    try:
        with sheet._get_source() as source:
            while chunk := source.read(XML_CHUNK):
                size += len(chunk)
                data = tail + chunk
                # Cut before the last "<" (a row tag may be split there), or keep 64 bytes when it is
                # further back: a row tag is shorter than that.
                cut = data.rfind(b"<")
                cut = cut if cut >= len(data) - 64 else len(data)
                rows += len(_ROW_ELEMENT.findall(data, 0, cut))
                tail = data[cut:]
            rows += len(_ROW_ELEMENT.findall(tail))
    except Exception as error:
        raise _xlsx_corrupt() from error
    return max(rows, size // XLSX_XML_BYTES_PER_ROW)


def _xls_sheets(stream: IO[bytes]) -> Generator[tuple[str, Iterator[Row], SheetSize]]:
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
            end = sheet.end  # from the cells read, not from the file's DIMENSIONS record
            yield meta.name, rows, _known((end[0] + 1) if end else 0)


def _csv_sheets(stream: IO[bytes], encoding: str) -> Generator[tuple[str, Iterator[Row], SheetSize]]:
    text = stream.read().decode(encoding)
    try:
        dialect: Any = csv.Sniffer().sniff(text[: 16 * 1024], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = ((number, cells) for number, cells in enumerate(reader, start=1))
    yield "", rows, _known(text.count("\n") + 1)


def _known(rows: int) -> SheetSize:
    return lambda: rows


@contextmanager
def open_sheet(stream: IO[bytes], file_format: str, encoding: str = "") -> Iterator[SheetRows]:
    """The first visible sheet that has a recognisable header, its rows streamed below it.

    Raises RosterFileError 'corrupt', 'no_header', 'missing_columns'.
    """
    stream.seek(0)
    sheets: Generator[tuple[str, Iterator[Row], SheetSize]]
    if file_format == ImportFormat.XLSX:
        sheets = _xlsx_sheets(stream)
    elif file_format == ImportFormat.XLS:
        sheets = _xls_sheets(stream)
    else:
        sheets = _csv_sheets(stream, encoding)
    first_error: RosterFileError | None = None
    try:
        for name, rows, size in sheets:
            top: list[Row] = []  # the sheet's rows 1 to HEADER_SCAN_ROWS that the file holds
            below: list[Row] = []
            for row in rows:
                if row[0] > HEADER_SCAN_ROWS:
                    below.append(row)
                    break
                top.append(row)
            try:
                header = detect_header(_with_blank_rows(top))
            except RosterFileError as error:
                first_error = first_error or error
                continue
            data_rows = [row for row in top if row[0] > header.last_row] + below
            yield SheetRows(sheet_name=name, header=header, rows=_chain(data_rows, rows), size=size)
            return
        raise first_error or RosterFileError(
            code="no_rows", message=_("文件里没有任何数据，请检查是否选错了文件。")
        )
    finally:
        sheets.close()


def _with_blank_rows(rows: list[Row]) -> list[Row]:
    """Rows 1 to the last given, those the file leaves out as empty (the header detection looks at the
    rows next to the header)."""
    present = dict(rows)
    last = max(present, default=0)
    return [(number, present.get(number, ())) for number in range(1, last + 1)]


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest
