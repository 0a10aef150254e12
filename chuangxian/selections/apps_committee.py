"""What the committee part of selections registers when the app is ready. Called from ``SelectionsConfig.ready``."""


def ready_committee() -> None:
    pass
