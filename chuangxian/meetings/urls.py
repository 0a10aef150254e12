from django.urls import path

from chuangxian.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_index, name="index"),
    path("units/<int:unit_id>/", views.meeting_list, name="list"),
    path("units/<int:unit_id>/new/", views.meeting_create_view, name="create"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="edit"),
    path("<int:meeting_id>/attendance/", views.attendance_edit, name="attendance"),
    path("<int:meeting_id>/files/", views.file_upload, name="file_upload"),
    path("<int:meeting_id>/files/<int:file_id>/", views.file_download, name="file_download"),
    path("<int:meeting_id>/files/<int:file_id>/delete/", views.file_delete, name="file_delete"),
    path("<int:meeting_id>/host/", views.checkin_host, name="host"),
    path("<int:meeting_id>/host/qr/", views.checkin_host_qr, name="host_qr"),
    path("<int:meeting_id>/host/count/", views.checkin_host_count, name="host_count"),
    path("<int:meeting_id>/checkin/", views.checkin, name="checkin"),
]
