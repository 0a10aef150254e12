from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env
from .secret import instance_secret_key

# `make run` shows the app's own Chinese error pages, as a school trying it out should see it.
# Developers who want Django's debug page (URL patterns, tracebacks) set DEBUG=true.
DEBUG = env.bool("DEBUG", default=False)
# Static files straight from the apps and node_modules, without collectstatic, whatever DEBUG says.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# `make run`: a random key made on the first start and kept in var/ (never the repository's).
SECRET_KEY = SECRET_KEY or instance_secret_key(VAR_DIR)
