"""Word files as WPS and Word show them: converted to PDF with LibreOffice headless (``soffice``), for
the tests that measure them with PyMuPDF (test_word_measure.py, test_word_record.py)."""

import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():  # PyMuPDF's SWIG types warn on import; pytest turns warnings into errors
    warnings.simplefilter("ignore", DeprecationWarning)
    import pymupdf

from chuangxian.documents.templates_docx.ooxml import FONT_CHAINS


def converted_pdfs(folder: Path, files: dict[str, bytes]) -> dict[str, pymupdf.Document]:
    """Each .docx (name → content) as the PDF LibreOffice makes of it, converted in one run (it takes
    seconds); the test is skipped when LibreOffice is not installed."""
    if shutil.which("soffice") is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: `make browser` installs libreoffice-writer-nogui"
        )
    sources = []
    for name, content in files.items():
        source = folder / f"{name}.docx"
        source.write_bytes(content)
        sources.append(str(source))
    # A machine without the standard fonts whose fontconfig maps each to the free face at the end of its
    # chain (LibreOffice ignores the font table's alternatives), as an office's fallback would.
    aliases = "".join(
        f"<alias binding='same'><family>{chain[0]}</family><prefer><family>{chain[-1]}</family></prefer></alias>"
        for chain in FONT_CHAINS.values()
    )
    fonts_conf = folder / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>'
    )
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *sources],
        check=True, capture_output=True, timeout=180, env=os.environ | {"FONTCONFIG_FILE": str(fonts_conf)},
    )  # fmt: skip
    return {name: pymupdf.open(folder / f"{name}.pdf") for name in files}
