"""Settings shared by every environment. Environment variables are read here and only here."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The instance's own data (SQLite database, uploaded files, the development key); ignored by git.
VAR_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "var")))

# No key lives in the repository: development makes its own (config.settings.dev), tests make one per
# run (config.settings.test), production must be given one (config.settings.prod).
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "chuangxian.core.admin_apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.humanize",
    "treebeard",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "chuangxian.core",
    "chuangxian.workdays",
    "chuangxian.audit",
    "chuangxian.notifications",
    "chuangxian.accounts",
    "chuangxian.orgs",
    "chuangxian.grants",
    "chuangxian.roster",
    "chuangxian.campaigns",
    "chuangxian.review",
    "chuangxian.assignments",
    "chuangxian.meetings",
    "chuangxian.plans",
    "chuangxian.study",
    "chuangxian.documents",
    "chuangxian.projects",
    "chuangxian.pledges",
    "chuangxian.activities",
    "chuangxian.supervision",
    "chuangxian.coverage",
    "chuangxian.voting",
    "chuangxian.selections",
    "chuangxian.awards",
    "chuangxian.publicnotice",
    "chuangxian.congress",
    "chuangxian.proposals",
    "chuangxian.disclosure",
    "chuangxian.appeals",
    "chuangxian.exports",
    "chuangxian.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chuangxian.core.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "chuangxian.accounts.middleware.PasswordChangeRequiredMiddleware",
    "chuangxian.core.middleware.NotFoundErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "chuangxian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chuangxian.core.context_processors.navigation",
            ],
        },
    },
]

FORM_RENDERER = "chuangxian.core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------------
# SQLite by default (zero set-up); PostgreSQL through DATABASE_URL=postgres://user@host/db.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions + a busy timeout let the web server and the task worker share
    # the file: writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        # secure_delete: freed space is overwritten with zeros, so a value erased on purpose (the
        # sealed ballot box's key after the count) does not linger in the file (docs/voting.md).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    # PgBouncer-safe: no server-side cursors, no session state.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    # PostgreSQL's JIT compiles the plan of every big enough query: tens of milliseconds that the
    # app's reports (a few thousand rows at most) never win back (issue 15). Off for the app's
    # connections unless DATABASE_JIT=true or the URL's own options (?options=-c jit=…) say otherwise.
    db_options = DATABASES["default"].setdefault("OPTIONS", {})
    if not env.bool("DATABASE_JIT", default=False) and "jit" not in db_options.get("options", ""):
        db_options["options"] = " ".join(filter(None, [db_options.get("options", ""), "-c jit=off"]))
# A persistent connection (CONN_MAX_AGE > 0, production's default) is checked before a request reuses
# it, so a restarted database server costs one reconnection, not a failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache keeps what every user of a school shares for a few seconds (the running campaign). In
# memory by default: each process keeps its own, so a change shows in another process after at most
# those seconds. CACHE_URL=redis://… (or memcached) shares one cache between the processes.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Auth -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Axes first (lockout), then the staff-number backend; optional CAS / LDAP backends are appended by
# configuration (see docs/authentication.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "chuangxian.accounts.backends.StaffNumberBackend",
    *env.list("EXTRA_AUTHENTICATION_BACKENDS", default=[]),
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# On top of the per-account limit: this many failures from one client address within the cool-off
# time lock the address (every account). High, because a whole campus often shares one NAT address.
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=100)
AXES_HANDLER = "chuangxian.accounts.backends.LoginAxesHandler"
# Reverse proxies in front of the application (nginx for TLS: 1). The address counted above is then
# taken from X-Forwarded-For as the outermost proxy wrote it, not the proxy's own REMOTE_ADDR.
LOGIN_PROXY_COUNT = env.int("LOGIN_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "chuangxian.accounts.backends.client_address"
AXES_USERNAME_CALLABLE = "chuangxian.accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "chuangxian.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True

SESSION_COOKIE_AGE = 60 * 60 * 12

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "chuangxian" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "chuangxian" / "static",
    # Front-end packages come from npm at install time (package-lock.json), served from here.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# --- Background jobs ------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# --- Security headers -----------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Progress bars and the like set a width in a style attribute; no <style> or script inline.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# No page is ever shown inside a frame, not even our own (clickjacking).
X_FRAME_OPTIONS = "DENY"

# --- Email ----------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="chuangxian@localhost")

# --- Project settings -----------------------------------------------------------------------------
ROSTER_IMPORT_MAX_BYTES = env.int("ROSTER_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
# An .xlsx is a ZIP: refused before parsing when its central directory says it expands past this many
# bytes or holds more entries (a 5,000-row roster expands to a few MB and holds about ten).
ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES = env.int(
    "ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024
)
ROSTER_IMPORT_MAX_ZIP_ENTRIES = env.int("ROSTER_IMPORT_MAX_ZIP_ENTRIES", default=1000)
# Imports with more data rows than this run as a background job with a progress bar.
ROSTER_IMPORT_BACKGROUND_ROWS = env.int("ROSTER_IMPORT_BACKGROUND_ROWS", default=2000)
# The password a member uses the first time when the roster has no ID number for them; the first
# login forces a change. Each tenant can override it.
DEFAULT_INITIAL_PASSWORD = env.str("DEFAULT_INITIAL_PASSWORD", default="Cx@123456")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"django_tasks": {"level": "INFO"}},
}

# The axes lockout parameter is the account (tenant + staff number), not the IP: a whole campus often
# shares one NAT address, and a limit of LOGIN_FAILURE_LIMIT failures per IP would lock every teacher
# out at once. The address has its own, higher limit (LOGIN_FAILURE_LIMIT_PER_ADDRESS, counted by
# accounts.backends.LoginAxesHandler), which this check cannot see; rotating user agents or cookies
# bypasses neither limit, which is what it warns about.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Attachments (meeting photos, plan documents, notice attachments): the type is checked from content.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

# Official notices (公文): a folder where a deployment drops licensed GB/T 9704 fonts (仿宋_GB2312,
# 方正小标宋, 黑体, 楷体_GB2312); they take precedence over Debian's Noto CJK. See docs/official-notices.md.
NOTICE_FONT_DIR = env.str("NOTICE_FONT_DIR", default="")

# The Word template a notice is rendered from (a .docx with docxtpl tags); empty: the bundled one.
NOTICE_DOCX_TEMPLATE = env.str("NOTICE_DOCX_TEMPLATE", default="")

# The sealed ballot box's instance key (docs/voting.md): wraps the key of a poll without scrutineers
# and the shares waiting to be collected. 64 hex digits in the environment, or else a file in the data
# folder made on first use. Keep it out of the database's backups.
VOTING_INSTANCE_KEY = env.str("VOTING_INSTANCE_KEY", default="")
VOTING_INSTANCE_KEY_FILE = env.str("VOTING_INSTANCE_KEY_FILE", default=str(VAR_DIR / "voting-instance.key"))
# Whether a missing key file is made on first use (development); production sets the key itself.
VOTING_INSTANCE_KEY_CREATE = env.bool("VOTING_INSTANCE_KEY_CREATE", default=True)

# A query on a tenant row that does not say its tenant (core.tenancy): "raise" in development and
# tests, "log" in production, "off" to switch the check off.
TENANT_QUERY_CHECK = env.str("TENANT_QUERY_CHECK", default="raise")
