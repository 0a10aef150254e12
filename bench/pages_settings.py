"""The production settings (``config.settings.prod``) plus one route for ``bench/pages.py``: a
logged-in hello world at ``/bench/hello/`` (``bench/pages_urls.py``), the baseline every page is
divided by, and the bare layout at ``/bench/layout/`` (its template in ``bench/templates``). Nothing
else differs from production."""

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"

TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}  # noqa: F405
]
