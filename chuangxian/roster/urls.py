from django.urls import path

from chuangxian.roster import views

app_name = "roster"
urlpatterns = [
    path("", views.import_start, name="start"),
]
