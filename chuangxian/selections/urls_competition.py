"""The competition URLs, appended to ``selections.urls``: a panel's draw, lectures, promotion, default
rubric and live scoreboards (the secretary's), and the entry on stage (a judge's)."""

from django.urls import path

from chuangxian.selections import views_competition as views

urlpatterns = [
    path("panels/<int:panel_id>/draw/", views.competition_draw, name="competition_draw"),
    path("panels/<int:panel_id>/lectures/", views.competition_lectures, name="competition_lectures"),
    path(
        "panels/<int:panel_id>/lectures/<int:row_id>/start/",
        views.competition_lecture_start,
        name="competition_lecture_start",
    ),
    path(
        "panels/<int:panel_id>/lectures/<int:row_id>/end/",
        views.competition_lecture_end,
        name="competition_lecture_end",
    ),
    path("panels/<int:panel_id>/promote/", views.competition_promote, name="competition_promote"),
    path(
        "panels/<int:panel_id>/rubric/default/",
        views.competition_rubric_default,
        name="competition_rubric_default",
    ),
    path("panels/<int:panel_id>/scoreboard/", views.competition_board, name="competition_board"),
    path(
        "panels/<int:panel_id>/scoreboard/live/", views.competition_board_live, name="competition_board_live"
    ),
    path("panels/<int:panel_id>/projector/", views.competition_projector, name="competition_projector"),
    path(
        "panels/<int:panel_id>/projector/live/",
        views.competition_projector_live,
        name="competition_projector_live",
    ),
    path("judging/<int:panel_id>/on-stage/", views.competition_on_stage, name="competition_on_stage"),
]
