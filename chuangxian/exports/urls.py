from django.urls import path

from chuangxian.exports import views

app_name = "exports"

urlpatterns = [
    path("run/<str:name>/<slug:fmt>", views.run, name="run"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/progress", views.progress, name="progress"),
    path("jobs/<int:job_id>/download", views.download, name="download"),
    path("jobs/<int:job_id>/retry", views.retry, name="retry"),
]
