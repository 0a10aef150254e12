"""The staff congress (校、院两级教代会): congresses, representatives, sessions (issue 17, points 1, 3)."""

from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "chuangxian.congress"
    verbose_name = "教代会"

    def ready(self) -> None:
        from chuangxian.congress.wiring import wire

        wire()
