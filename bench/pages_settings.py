"""The production settings (``config.settings.prod``) plus one route for ``bench/pages.py``: a
logged-in hello world at ``/bench/hello/`` (``bench/pages_urls.py``), the baseline every page is
divided by. Nothing else differs from production."""

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
