"""The judges' scoring URLs, appended to ``selections.urls``: the secretary's panel pages under
``panels/``, a judge's under ``judging/``."""

from django.urls import path

from chuangxian.selections import views_judging, views_scoring

urlpatterns = [
    path("<int:selection_id>/panels/", views_scoring.panel_list, name="panels"),
    path("<int:selection_id>/panels/new/", views_scoring.panel_new, name="panel_new"),
    path("panels/<int:panel_id>/", views_scoring.panel_detail, name="panel"),
    path("panels/<int:panel_id>/edit/", views_scoring.panel_edit, name="panel_edit"),
    path("panels/<int:panel_id>/rubric/", views_scoring.panel_rubric, name="panel_rubric"),
    path("panels/<int:panel_id>/entries/", views_scoring.panel_entries, name="panel_entries"),
    path("panels/<int:panel_id>/judges/", views_scoring.panel_judges, name="panel_judges"),
    path("panels/<int:panel_id>/remind/", views_scoring.panel_remind_view, name="panel_remind"),
    path("panels/<int:panel_id>/ties/", views_scoring.panel_tie_view, name="panel_tie"),
    path("judging/", views_judging.judging_index, name="judging"),
    path("judging/<int:panel_id>/", views_judging.judge_panel, name="judge_panel"),
    path("judging/<int:panel_id>/<int:row_id>/", views_judging.judge_sheet, name="judge_sheet"),
]
