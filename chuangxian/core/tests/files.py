"""Test data and checks for the file views of every app: a GIF that is also JavaScript, and what a
stored file's response must look like (``core.views.stored_file_response``)."""

import re
from typing import Any

# Six bytes of GIF header, then a comment that swallows the rest of the header: a browser that
# takes it as a script runs ``alert``. It sniffs as a GIF and must only ever be served as one.
GIF_JS = b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00\x00*/=1;alert(document.domain);//"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%...\n"

RANDOM_NAME = re.compile(r"[a-z/]+/\d{4}/[0-9a-f]{32}\.[a-z0-9]+")


def assert_served_as(response: Any, content_type: str, *, inline: bool = False) -> None:
    """A stored file's response: typed by its content, never runnable, never cached by others."""
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].split(";")[0] == ("inline" if inline else "attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"


def assert_random_name(name: str) -> None:
    """A stored path that nobody can guess: ``<prefix>/<year>/<uuid4 hex>.<ext>``."""
    assert RANDOM_NAME.fullmatch(name), name
