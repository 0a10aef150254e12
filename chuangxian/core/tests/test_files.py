import io

import pytest
from docx import Document

from chuangxian.core.files import IMAGES, FileCheckError, file_check

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%...\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (PNG, "photo.png", "png"),
        (PDF, "plan.pdf", "pdf"),
        (docx_bytes(), "方案.docx", "docx"),
        (PDF, "noext", "pdf"),
    ],
)
def test_accepted_kinds(content, name, code):
    assert file_check(io.BytesIO(content), name=name).code == code


def test_content_decides_not_the_name(settings):
    with pytest.raises(FileCheckError) as error:
        file_check(io.BytesIO(b"MZ\x90\x00 an exe"), name="photo.jpg")
    assert error.value.code == "forbidden_type"


def test_a_type_that_lies_about_itself_is_refused():
    with pytest.raises(FileCheckError) as error:
        file_check(io.BytesIO(PDF), name="photo.jpg")
    assert error.value.code == "type_mismatch"


def test_allowed_kinds_are_respected():
    with pytest.raises(FileCheckError) as error:
        file_check(io.BytesIO(PDF), name="a.pdf", allowed=IMAGES)
    assert error.value.code == "forbidden_type"


def test_size_limit_and_empty(settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(FileCheckError) as error:
        file_check(io.BytesIO(PNG * 3), name="big.png")
    assert error.value.code == "too_large"
    with pytest.raises(FileCheckError) as error:
        file_check(io.BytesIO(b""), name="empty.png")
    assert error.value.code == "empty"
