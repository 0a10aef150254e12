"""The staff appeals box (诉求 / 意见箱) and the ledger of practical matters (办实事台账), issue 17 point 5."""

from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "chuangxian.appeals"
    verbose_name = "诉求与办实事"

    def ready(self) -> None:
        pass
