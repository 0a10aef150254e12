"""What the exporters' tests share (``<app>/tests/test_exports.py`` and ``exports/tests``): run an
export that is small enough to be the file, read its sheet, check who is refused, that a page links
the export and the link gives the file, and that the query count stays bounded."""

import io
from collections.abc import Mapping
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORBIDDEN = (403, 404)  # a refused export: the 403 page with its reason, or a 404 for what is not seen


def export_file(
    actor: Actor, name: str, params: Mapping[str, Any] | None = None, fmt: str = "xlsx"
) -> ExportFile:
    """The export as the file it gives at once (it is small)."""
    result = export_run(actor=actor, name=name, fmt=fmt, params=dict(params or {}))
    assert isinstance(result, ExportFile)
    return result


def sheet(content: bytes) -> Any:
    """The workbook's sheet: row 1 names the list, row 2 is the header, the rows start at 3."""
    return load_workbook(io.BytesIO(content)).active


def rows(content: bytes) -> list[tuple]:
    """The rows below the header, as values."""
    return list(sheet(content).iter_rows(min_row=3, values_only=True))


def header(content: bytes) -> tuple:
    return next(sheet(content).iter_rows(min_row=2, max_row=2, values_only=True))


def run_url(name: str, fmt: str = "xlsx") -> str:
    """The generic ``exports:run`` URL (its query string is the params)."""
    return reverse("exports:run", args=[name, fmt])


def assert_refused(
    actor: Actor,
    name: str,
    params: Mapping[str, Any] | None = None,
    *,
    client: Any = None,
    status: tuple[int, ...] = FORBIDDEN,
    fmt: str = "xlsx",
) -> None:
    """The service refuses ``actor`` the export; with ``client``, its URL gives one of ``status`` too."""
    with pytest.raises(Refused):
        export_run(actor=actor, name=name, fmt=fmt, params=dict(params or {}))
    if client is not None:
        client.force_login(actor)
        assert client.get(run_url(name, fmt), dict(params or {})).status_code in status


def assert_link_gives_the_file(client: Any, page: str, link: str) -> None:
    """``page`` (HTML) links ``link`` (as the page writes it, ``&amp;`` between params) and the link
    gives the Excel file."""
    assert link in page
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith(XLSX_TYPE)


def export_in_queries(
    assert_max_num_queries: Any,
    queries: int,
    actor: Actor,
    name: str,
    params: Mapping[str, Any] | None = None,
    fmt: str = "xlsx",
) -> ExportFile:
    """The export, run within ``queries`` queries (``django_assert_max_num_queries``)."""
    with assert_max_num_queries(queries):
        result = export_run(actor=actor, name=name, fmt=fmt, params=dict(params or {}))
    assert isinstance(result, ExportFile)
    return result
