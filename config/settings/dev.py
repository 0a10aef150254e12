from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env
from .secret import instance_secret_key

DEBUG = env.bool("DEBUG", default=True)
# `make run`: a random key made on the first start and kept in var/ (never the repository's).
SECRET_KEY = SECRET_KEY or instance_secret_key(VAR_DIR)
