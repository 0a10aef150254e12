from django.urls import path

from chuangxian.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("review/", views.plan_office_list, name="office_list"),
    path("units/<int:unit_id>/", views.plan_unit, name="unit"),
    path("units/<int:unit_id>/edit/", views.plan_edit, name="edit"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/submit/", views.plan_submit_view, name="submit"),
    path("<int:plan_id>/review/", views.plan_review, name="review"),
    path("<int:plan_id>/compare/", views.plan_compare, name="compare"),
    path("<int:plan_id>/versions/<int:number>/", views.plan_version_view, name="version"),
    path("<int:plan_id>/versions/<int:number>/file/", views.plan_file, name="file"),
]
