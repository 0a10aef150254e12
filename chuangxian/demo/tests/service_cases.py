"""The demo on the permission table. Its loader takes no actor: it is a management command of the
platform, and every write it makes goes through the apps' services as ``DEMO`` (a SystemActor), whose
rules are on the table in each app's own cases."""

CASES: list = []
EXEMPT: dict = {}
