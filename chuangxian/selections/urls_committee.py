"""The committee's URLs, appended to ``selections.urls``."""

from django.urls import URLPattern, path

from chuangxian.selections import views_committee

urlpatterns: list[URLPattern] = [
    path("<int:selection_id>/committee/", views_committee.committee, name="committee"),
]
