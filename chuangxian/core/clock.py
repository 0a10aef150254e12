"""The one place that reads the clock, so tests can freeze it (time-machine) and services agree."""

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def today() -> date:
    """Today's date in the installation's time zone (Asia/Shanghai by default)."""
    return timezone.localdate()
