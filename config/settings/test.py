import secrets
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = secrets.token_urlsafe(50)

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="chuangxian-test-media-")
VOTING_INSTANCE_KEY_FILE = str(Path(tempfile.mkdtemp(prefix="chuangxian-test-keys-")) / "voting-instance.key")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
LANGUAGE_CODE = "zh-hans"
# Serve static files straight from the finders (no collectstatic in tests; e2e pages need them).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
