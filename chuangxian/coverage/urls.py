from django.urls import path

from chuangxian.coverage import views

app_name = "coverage"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:unit_id>/", views.unit, name="unit"),
    path("unit/<int:unit_id>/export.xlsx", views.export, name="export"),
    path("targets/", views.targets, name="targets"),
]
