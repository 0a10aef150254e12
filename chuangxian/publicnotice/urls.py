from django.urls import path

from chuangxian.publicnotice import views

app_name = "publicnotice"
urlpatterns = [
    path("", views.index, name="index"),
    path("selections/<int:selection_id>/publish/", views.publish, name="publish"),
    path("selections/<int:selection_id>/discipline/", views.discipline, name="discipline"),
    path(
        "selections/<int:selection_id>/discipline/<int:grant_id>/revoke/",
        views.discipline_revoke,
        name="discipline_revoke",
    ),
    path("<int:notice_id>/", views.detail, name="detail"),
    path("<int:notice_id>/object/", views.object_view, name="object"),
    path("<int:notice_id>/finalise/", views.finalise, name="finalise"),
    path("objections/<int:objection_id>/", views.objection_detail, name="objection"),
    path("objections/<int:objection_id>/answer/", views.answer, name="answer"),
]
