from django.urls import path

from chuangxian.voting import views

app_name = "voting"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:unit_id>/new/", views.poll_create_view, name="create"),
    path("<int:poll_id>/", views.poll_detail, name="detail"),
    path("<int:poll_id>/edit/", views.poll_edit, name="edit"),
    path("<int:poll_id>/questions/new/", views.question_add_view, name="question_add"),
    path(
        "<int:poll_id>/questions/<int:question_id>/remove/",
        views.question_remove_view,
        name="question_remove",
    ),
    path("<int:poll_id>/open/", views.poll_open_view, name="open"),
    path("<int:poll_id>/close/", views.poll_close_view, name="close"),
    path("<int:poll_id>/remind/", views.poll_remind_view, name="remind"),
    path("<int:poll_id>/tally/", views.poll_tally_view, name="tally"),
    path("<int:poll_id>/share/", views.share, name="share"),
    path("<int:poll_id>/box/", views.box, name="box"),
    path("<int:poll_id>/confirm/", views.poll_confirm_view, name="confirm"),
    path("<int:poll_id>/lot/", views.poll_lot_view, name="lot"),
    path("<int:poll_id>/runoff/", views.poll_runoff_view, name="runoff"),
    path("<int:poll_id>/publish/", views.poll_publish_view, name="publish"),
    path("<int:poll_id>/vote/", views.vote, name="vote"),
    path("<int:poll_id>/voted/", views.voted, name="voted"),
    path("<int:poll_id>/paper/", views.paper, name="paper"),
    path("<int:poll_id>/result/", views.result, name="result"),
    path("<int:poll_id>/result.pdf", views.result_print, name="result_pdf"),
    path("<int:poll_id>/ballots/", views.ballots, name="ballots"),
    path("<int:poll_id>/ballots.json", views.ballots_json, name="ballots_json"),
    path("<int:poll_id>/verify/", views.verify, name="verify"),
]
