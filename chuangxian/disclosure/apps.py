"""School-affairs disclosure (校务公开) with feedback (issue 17, point 4)."""

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "chuangxian.disclosure"
    verbose_name = "校务公开"
