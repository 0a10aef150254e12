from django.urls import path

from chuangxian.study import views

app_name = "study"
urlpatterns = [
    path("", views.study_index, name="index"),
    path("new/", views.study_new, name="new"),
    path("<int:document_id>/", views.study_detail, name="detail"),
    path("<int:document_id>/confirm/", views.study_confirm_view, name="confirm"),
    path("<int:document_id>/rates/", views.study_rates, name="rates"),
    path("<int:document_id>/units/<int:unit_id>/", views.study_unit_status, name="unit_status"),
    path("<int:document_id>/attachments/<int:attachment_id>/", views.study_attachment, name="attachment"),
]
