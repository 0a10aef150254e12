"""What the poll part of selections registers when the app is ready. Called from ``SelectionsConfig.ready``."""


def ready_poll() -> None:
    pass
