"""The app's own error pages, in Chinese, for every error a person can meet."""

import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.views.csrf import csrf_failure
from django.views.defaults import permission_denied, server_error
from PIL import Image


def test_the_server_error_page_is_chinese_and_needs_no_request():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错了" in html
    assert "Server Error" not in html


@pytest.mark.django_db
def test_the_forbidden_page_is_chinese(personas):
    request = RequestFactory().get("/")
    request.user = personas.member
    html = permission_denied(request, PermissionError()).content.decode()
    assert "您没有权限进行此操作" in html
    assert "403 Forbidden" not in html


@pytest.mark.django_db
def test_an_expired_form_explains_itself_in_chinese(personas):
    request = RequestFactory().post("/")
    request.user = personas.member
    response = csrf_failure(request)
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in html
    assert "CSRF verification failed" not in html


@pytest.mark.django_db
def test_a_missing_page_is_chinese(client, personas):
    client.force_login(personas.member)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "找不到该页面或记录" in response.content.decode()


@pytest.mark.django_db
def test_every_page_names_the_icon_and_the_manifest(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in html
    assert 'rel="manifest"' in html


def test_the_manifest_lets_a_teacher_add_the_app_to_the_home_screen():
    manifest = json.loads(Path(finders.find("manifest.webmanifest")).read_text(encoding="utf-8"))
    assert manifest["short_name"] == "创先"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    sizes = set()
    for icon in manifest["icons"]:
        path = finders.find(icon["src"])
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    assert finders.find("icons/favicon.ico")


@pytest.mark.django_db
def test_favicon_ico_answers_without_a_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon.ico")
    assert client.get(response["Location"]).status_code == 200
