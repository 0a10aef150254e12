"""The poll URLs, appended to ``selections.urls``: the office starts the democratic recommendation
(民主推荐); the poll itself runs on the voting engine's pages."""

from django.urls import URLPattern, path

from chuangxian.selections import views_poll

urlpatterns: list[URLPattern] = [
    path("<int:selection_id>/poll/new/", views_poll.poll_new, name="poll_new"),
]
