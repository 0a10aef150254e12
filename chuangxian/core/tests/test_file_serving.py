"""Stored files leave the server only through ``stored_file_response``, typed by their content."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import Resolver404, clear_url_caches, resolve

from chuangxian.core.tests.files import GIF_JS, PDF, PNG, assert_served_as
from chuangxian.core.views import stored_file_response


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def store(content: bytes, name: str = "upload.bin") -> FieldFile:
        saved = default_storage.save(f"tests/{name}", ContentFile(content))
        return FieldFile(None, models.FileField(), saved)

    return store


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_gif_polyglot_is_served_as_a_gif_that_cannot_run(stored):
    response = stored_file_response(stored(GIF_JS, "a.gif"), name="x.gif")
    assert_served_as(response, "image/gif")
    assert body(response) == GIF_JS


def test_a_photo_opens_inline_only_when_the_page_asks_for_it(stored):
    assert_served_as(
        stored_file_response(stored(GIF_JS), name="x.gif", inline_image=True), "image/gif", inline=True
    )
    assert_served_as(stored_file_response(stored(PDF), name="a.pdf", inline_image=True), "application/pdf")


def test_the_type_comes_from_the_content_never_from_the_name(stored):
    response = stored_file_response(stored(GIF_JS, "a.js"), name="x.js", inline_image=True)
    assert_served_as(response, "image/gif", inline=True)
    assert response["Content-Disposition"].endswith('filename="x.js.gif"')
    assert_served_as(stored_file_response(stored(PNG, "a.pdf"), name="方案.pdf"), "image/png")


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<script>alert(document.domain)</script>", "x.js"),
        (b"<html><body onload=alert(1)>", "x.html"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "x.svg"),
    ],
)
def test_content_off_the_list_is_an_octet_stream_download(stored, content, name):
    response = stored_file_response(stored(content), name=name, inline_image=True)
    assert_served_as(response, "application/octet-stream")
    assert body(response) == content


def test_the_users_name_is_kept_in_the_download(stored):
    response = stored_file_response(stored(PDF), name="学院方案.pdf")
    assert "filename*=utf-8''%E5%AD%A6%E9%99%A2%E6%96%B9%E6%A1%88.pdf" in response["Content-Disposition"]


@pytest.fixture
def debug_urlconf(settings, stored):
    """config.urls as `make run` builds it (DEBUG on, MEDIA_ROOT where ``stored`` puts files),
    rebuilt as it was afterwards."""
    import config.urls

    settings.DEBUG = True
    clear_url_caches()
    yield importlib.reload(config.urls)
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_has_no_route_even_in_debug(debug_urlconf):
    with pytest.raises(Resolver404):
        resolve("/media/meetings/2026/photo.png", urlconf=debug_urlconf)


def test_media_is_a_404_even_in_debug_for_a_file_that_exists(debug_urlconf, client, personas, stored):
    name = stored(PNG, "photo.png").name
    client.force_login(personas.office)
    assert client.get(f"/media/{name}").status_code == 404
