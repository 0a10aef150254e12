"""Proposals (提案) of the staff congress (issue 17, point 2)."""

from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "chuangxian.proposals"
    verbose_name = "提案"

    def ready(self) -> None:
        from chuangxian.proposals.wiring import ready_proposals

        ready_proposals()
