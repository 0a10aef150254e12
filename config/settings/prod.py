from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SILENCED_SYSTEM_CHECKS, env

DEBUG = False
# Required: a missing key refuses to start (ImproperlyConfigured), and so does a short one.
SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY 至少要 50 个字符，可以用 python -c 'import secrets; print(secrets.token_urlsafe(50))' 生成。"
    )

# HTTPS: the app is served behind TLS. Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO so Django knows the request came in over HTTPS.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if proxy_header := env.str("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (proxy_header, "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a promise to the browsers' lists that cannot be taken back quickly: the school's
# network office decides it (docs/operations.md), so it is off unless asked for.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,
    # security.W021 (HSTS preload not set): a decision for the domain's owner, see above.
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
# Persistent database connections: a new PostgreSQL connection per request costs more than many
# pages' queries. The connection is kept for a minute and checked before each request reuses it
# (CONN_HEALTH_CHECKS, base.py). Behind PgBouncer in transaction pooling set CONN_MAX_AGE=0: the
# pooler keeps the server connections (docs/operations.md).
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

# The sealed ballot box's instance key is never made up in production: set VOTING_INSTANCE_KEY (64 hex
# digits) or point VOTING_INSTANCE_KEY_FILE at a file kept apart from the database and its backups.
VOTING_INSTANCE_KEY_CREATE = env.bool("VOTING_INSTANCE_KEY_CREATE", default=False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A query that does not say its tenant is logged, not refused, in production (core.tenancy).
TENANT_QUERY_CHECK = env.str("TENANT_QUERY_CHECK", default="log")
