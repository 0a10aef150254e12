from django.urls import path

from chuangxian.assignments import views

app_name = "assignments"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaign/<int:campaign_id>/", views.campaign_tasks, name="campaign_tasks"),
    path("campaign/<int:campaign_id>/new/", views.task_new, name="task_new"),
    path("campaign/<int:campaign_id>/defaults/", views.tasks_defaults, name="defaults"),
    path("campaign/<int:campaign_id>/sync/", views.tasks_sync, name="sync"),
    path("<int:task_id>/edit/", views.task_edit, name="task_edit"),
    path("<int:task_id>/delete/", views.task_delete_view, name="task_delete"),
    path("unit/<int:unit_id>/", views.unit_tasks, name="unit_tasks"),
    path("item/<int:unit_task_id>/", views.unit_task_detail, name="unit_task"),
    path("item/<int:unit_task_id>/submit/", views.unit_task_submit_view, name="unit_task_submit"),
    path("item/<int:unit_task_id>/start/", views.unit_task_start_view, name="unit_task_start"),
    path("item/<int:unit_task_id>/done/", views.unit_task_done_view, name="unit_task_done"),
    path("item/<int:unit_task_id>/review/", views.unit_task_review_view, name="unit_task_review"),
    path("item/<int:unit_task_id>/history/", views.unit_task_history, name="unit_task_history"),
    path(
        "item/<int:unit_task_id>/responsible/", views.unit_task_responsible_view, name="unit_task_responsible"
    ),
    path("item/<int:unit_task_id>/document/", views.unit_task_document, name="unit_task_document"),
]
