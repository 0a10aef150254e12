from django.urls import path

from chuangxian.roster import views

app_name = "roster"
urlpatterns = [
    path("", views.import_start, name="start"),
    path("template/", views.template_download, name="template"),
    path("<int:roster_import_id>/", views.import_detail, name="detail"),
    path("<int:roster_import_id>/progress/", views.import_progress, name="progress"),
    path("<int:roster_import_id>/confirm/", views.import_confirm, name="confirm"),
    path("<int:roster_import_id>/discard/", views.import_discard, name="discard"),
]
