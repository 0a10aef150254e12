"""The poll URLs, appended to ``selections.urls``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
