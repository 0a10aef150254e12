"""What the competition part of selections registers when the app is ready. Called from ``SelectionsConfig.ready``."""


def ready_competition() -> None:
    pass
