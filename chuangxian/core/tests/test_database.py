"""The database connection as deployed: persistent in production, checked before reuse, JIT off."""

import json

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import connection
from django.urls import reverse

from chuangxian.core.tests.test_settings import _django

POSTGRES = "postgres://postgres@localhost/chuangxian_settings_check"
SETTINGS = "import json; print(json.dumps({k: settings.DATABASES['default'].get(k) for k in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS', 'OPTIONS')}))"


def _database(module: str, tmp_path, **env: str) -> dict:
    result = _django(module, SETTINGS, DATA_DIR=str(tmp_path), SECRET_KEY="k" * 64, **env)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.splitlines()[-1]))


def test_production_keeps_postgresql_connections_and_checks_them_before_reuse(tmp_path):
    database = _database("config.settings.prod", tmp_path, DATABASE_URL=POSTGRES)
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    # Behind PgBouncer in transaction pooling the pooler keeps the connections (docs/operations.md).
    behind_pooler = _database("config.settings.prod", tmp_path, DATABASE_URL=POSTGRES, CONN_MAX_AGE="0")
    assert behind_pooler["CONN_MAX_AGE"] == 0
    # Development opens one per request, as before.
    assert _database("config.settings.dev", tmp_path, DATABASE_URL=POSTGRES)["CONN_MAX_AGE"] == 0


def test_postgresql_connections_run_without_jit_unless_configured(tmp_path):
    assert _database("config.settings.prod", tmp_path, DATABASE_URL=POSTGRES)["OPTIONS"] == {
        "options": "-c jit=off"
    }
    assert (
        "options"
        not in _database("config.settings.prod", tmp_path, DATABASE_URL=POSTGRES, DATABASE_JIT="true")[
            "OPTIONS"
        ]
    )
    own = _database("config.settings.prod", tmp_path, DATABASE_URL=POSTGRES + "?options=-c%20jit%3Don")
    assert own["OPTIONS"] == {"options": "-c jit=on"}
    # SQLite has no such option.
    assert "options" not in _database("config.settings.prod", tmp_path)["OPTIONS"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_apps_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_database_restarted_gets_a_new_connection(client, personas, monkeypatch):
    """A persistent connection whose server went away (a restart: the server ended the session) is
    found unusable at the next request's start and replaced; the request works."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the SQLite test database lives in memory and is never reconnected")
    client.force_login(personas.office)
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)  # production's persistent connection
    connection.connect()
    assert connection.health_check_enabled
    old_pid = _backend_pid()
    _terminate(old_pid)
    request_started.send(sender=WSGIHandler, environ={})  # what the WSGI handler sends first
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert _backend_pid() != old_pid
    connection.close()


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _terminate(pid: int) -> None:
    """End the server side of connection ``pid`` from another connection, as a restart would."""
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
