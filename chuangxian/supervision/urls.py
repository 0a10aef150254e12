from django.urls import path

from chuangxian.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.matrix, name="index"),
    path("remind/<int:unit_task_id>/", views.remind, name="remind"),
    path("unit/<int:unit_id>/", views.unit_progress, name="unit_progress"),
]
