from django.urls import path

from chuangxian.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:adjustment_id>/edit/", views.edit, name="edit"),
    path("<int:adjustment_id>/delete/", views.delete, name="delete"),
    path("years/confirm/", views.year_confirm, name="year_confirm"),
    path("years/<int:workday_year_id>/reopen/", views.year_reopen, name="year_reopen"),
]
