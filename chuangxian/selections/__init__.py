"""Selections (评选): honours, excellent projects and teaching competitions on one engine."""
