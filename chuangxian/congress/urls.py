from django.urls import path

from chuangxian.congress import views, views_session

app_name = "congress"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.congress_new, name="new"),
    path("<int:congress_id>/", views.detail, name="detail"),
    path("<int:congress_id>/edit/", views.congress_edit, name="edit"),
    path("<int:congress_id>/elect/", views.elect, name="elect"),
    path("<int:congress_id>/delegations/", views.delegation, name="delegations"),
    path("representatives/<int:representative_id>/replace/", views.replace, name="replace"),
    path("<int:congress_id>/sessions/new/", views_session.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views_session.session_detail, name="session"),
    path("sessions/<int:session_id>/edit/", views_session.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/quorum/", views_session.session_quorum, name="quorum"),
    path("sessions/<int:session_id>/agenda/", views_session.agenda_add, name="agenda_add"),
    path("agenda/<int:item_id>/move/", views_session.agenda_move, name="agenda_move"),
    path("agenda/<int:item_id>/remove/", views_session.agenda_remove, name="agenda_remove"),
    path("sessions/<int:session_id>/documents/", views_session.document_upload, name="document_upload"),
    path("documents/<int:document_id>/", views_session.document_file, name="document"),
    path("documents/<int:document_id>/remove/", views_session.document_delete, name="document_remove"),
    path("sessions/<int:session_id>/attendance/", views_session.attendance, name="attendance"),
    path("sessions/<int:session_id>/polls/new/", views_session.poll_new, name="poll_new"),
    path("sessions/<int:session_id>/host/", views_session.host, name="host"),
    path("sessions/<int:session_id>/host/qr/", views_session.host_qr, name="host_qr"),
    path("sessions/<int:session_id>/checkin/", views_session.checkin, name="checkin"),
]
