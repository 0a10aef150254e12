"""公示 (public notice) of a selection, with real-name objections."""
