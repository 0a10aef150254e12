from django.urls import path

from chuangxian.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("units/<int:unit_id>/new/", views.activity_create_view, name="create"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
    path("<int:activity_id>/edit/", views.activity_edit, name="edit"),
    path("<int:activity_id>/signup/", views.signup, name="signup"),
    path("<int:activity_id>/cancel/", views.cancel, name="cancel"),
    path("<int:activity_id>/organise/", views.organise, name="organise"),
    path("<int:activity_id>/publish/", views.publish, name="publish"),
    path("<int:activity_id>/close/", views.close, name="close"),
    path("<int:activity_id>/attendance/", views.attendance, name="attendance"),
    path(
        "<int:activity_id>/registrations/<int:registration_id>/cancel/", views.cancel_for, name="cancel_for"
    ),
    path("<int:activity_id>/photos/", views.photo_upload, name="photo_upload"),
    path("<int:activity_id>/photos/<int:photo_id>/", views.photo_view, name="photo"),
    path("<int:activity_id>/host/", views.checkin_host, name="host"),
    path("<int:activity_id>/host/qr/", views.checkin_host_qr, name="host_qr"),
    path("<int:activity_id>/checkin/", views.checkin, name="checkin"),
]
