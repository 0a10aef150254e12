from django.urls import path

from chuangxian.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("units/<int:unit_id>/new/", views.project_create_view, name="create"),
    path("<int:project_id>/", views.project_detail_view, name="detail"),
    path("<int:project_id>/edit/", views.project_edit, name="edit"),
    path("<int:project_id>/milestones/new/", views.milestone_add_view, name="milestone_add"),
    path("<int:project_id>/milestones/<int:milestone_id>/edit/", views.milestone_edit, name="milestone_edit"),
    path("<int:project_id>/milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"),
    path(
        "<int:project_id>/milestones/<int:milestone_id>/reopen/",
        views.milestone_undo,
        name="milestone_reopen",
    ),
    path("<int:project_id>/updates/new/", views.update_add, name="update_add"),
    path("<int:project_id>/files/<int:file_id>/", views.file_download, name="file_download"),
]
