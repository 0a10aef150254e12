import io

import pytest
from django.apps import apps
from django.db import models
from docx import Document

from chuangxian.core.files import (
    IMAGES,
    FileCheckError,
    RandomUploadTo,
    file_check,
    random_upload_to,
    stored_name,
)
from chuangxian.core.tests.files import GIF_JS, PDF, PNG, assert_random_name


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


@pytest.mark.parametrize("name", ["x.js", "x.html", "x.svg", "x.htm", "x.mjs", "x.xhtml"])
def test_a_gif_named_as_script_or_page_is_refused(name):
    with pytest.raises(FileCheckError) as error:
        file_check(io.BytesIO(GIF_JS), name=name)
    assert error.value.code == "bad_extension"
    assert "扩展名" in error.value.message


def test_an_extension_of_a_kind_not_allowed_here_is_refused():
    with pytest.raises(FileCheckError) as error:
        file_check(io.BytesIO(PNG), name="photo.pdf", allowed=IMAGES)
    assert error.value.code == "bad_extension"


def test_a_gif_polyglot_named_gif_is_accepted_as_a_gif():
    assert file_check(io.BytesIO(GIF_JS), name="x.gif").code == "gif"


@pytest.mark.parametrize(
    ("content", "name", "stored"),
    [
        (GIF_JS, "x.gif", "upload.gif"),
        (PDF, "noext", "upload.pdf"),
        (PNG, "PHOTO.PNG", "upload.png"),
        (b"\xff\xd8\xff\xe0", "photo.jpeg", "upload.jpeg"),
    ],
)
def test_the_stored_name_gets_the_sniffed_kinds_extension(content, name, stored):
    assert stored_name(file_check(io.BytesIO(content), name=name), name) == stored


def test_random_upload_to_is_random_and_keeps_only_a_plain_extension():
    upload_to = random_upload_to("meetings")
    first, second = upload_to(None, "upload.png"), upload_to(None, "upload.png")
    assert_random_name(first)
    assert first.startswith("meetings/") and first.endswith(".png")
    assert first != second
    assert upload_to(None, "x.p<h>p").rsplit("/", 1)[-1].isalnum()
    assert random_upload_to("meetings") == upload_to  # a migration sees no change without one


def test_every_file_field_uses_random_upload_to():
    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and not isinstance(field.upload_to, RandomUploadTo)
    ]
    assert fields == []
