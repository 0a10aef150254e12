"""What the congress app registers with the rest of the project (called from ``ready``)."""


def wire() -> None:
    pass
