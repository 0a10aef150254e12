"""The deployment settings: no shared key, production headers, no cached personal pages."""

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from config.settings.secret import instance_secret_key

BASE_DIR = Path(settings.BASE_DIR)


def _django(module: str, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with ``module`` as the settings and no SECRET_KEY given."""
    # Not what the test process runs with: its key, its database, the browser tests' async switch.
    unset = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(DJANGO_SETTINGS_MODULE=module, **env)
    script = f"import django\ndjango.setup()\nfrom django.conf import settings\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=environment, capture_output=True, text=True
    )


def test_the_development_key_is_made_once_and_kept(tmp_path: Path):
    key = instance_secret_key(tmp_path)
    assert len(key) >= 50
    assert instance_secret_key(tmp_path) == key
    assert (tmp_path / "secret_key").read_text() == key
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert instance_secret_key(tmp_path / "other") != key


def test_an_empty_key_file_left_by_a_crash_is_made_again(tmp_path: Path):
    (tmp_path / "secret_key").write_text("")
    assert len(instance_secret_key(tmp_path)) >= 50


def test_make_run_uses_a_random_key_of_its_own_data_folder(tmp_path: Path):
    first = _django("config.settings.dev", "print(settings.SECRET_KEY)", DATA_DIR=str(tmp_path / "a"))
    again = _django("config.settings.dev", "print(settings.SECRET_KEY)", DATA_DIR=str(tmp_path / "a"))
    other = _django("config.settings.dev", "print(settings.SECRET_KEY)", DATA_DIR=str(tmp_path / "b"))
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50
    assert again.stdout.strip() == key
    assert other.stdout.strip() != key
    assert (tmp_path / "a" / "secret_key").read_text() == key


def test_the_repository_carries_no_key():
    result = _django("config.settings.base", "print(repr(settings.SECRET_KEY))", DATA_DIR="/tmp/cx-nokey")
    # base has no default key: Django itself refuses to run with the empty one.
    assert "''" in result.stdout or "SECRET_KEY" in result.stderr
    assert "dev-only" not in (BASE_DIR / "config" / "settings" / "base.py").read_text()


@pytest.mark.parametrize("key", ["", "short"])
def test_production_refuses_to_start_without_a_real_key(tmp_path: Path, key: str):
    env = {"DATA_DIR": str(tmp_path)} | ({"SECRET_KEY": key} if key else {})
    result = _django("config.settings.prod", "print('started')", **env)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr


def test_production_passes_the_deployment_check(tmp_path: Path):
    code = (
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.X_FRAME_OPTIONS)"
    )
    key = secrets.token_urlsafe(50)
    result = _django("config.settings.prod", code, DATA_DIR=str(tmp_path), SECRET_KEY=key)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["True", "31536000", "DENY"]


def test_hsts_and_the_https_redirect_can_be_switched_off(tmp_path: Path):
    result = _django(
        "config.settings.prod",
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS)",
        DATA_DIR=str(tmp_path),
        SECRET_KEY="k" * 64,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.stdout.split() == ["False", "0"]


@pytest.mark.django_db
def test_pages_are_never_cached_and_never_framed(client, personas):
    response = client.get(reverse("accounts:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    client.force_login(personas.office)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_make_run_shows_the_apps_own_error_pages_unless_a_developer_asks(tmp_path: Path):
    code = "print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS)"
    assert _django("config.settings.dev", code, DATA_DIR=str(tmp_path)).stdout.split() == ["False", "True"]
    debug = _django("config.settings.dev", code, DATA_DIR=str(tmp_path), DEBUG="true")
    assert debug.stdout.split() == ["True", "True"]
