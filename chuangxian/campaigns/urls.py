from django.urls import path

from chuangxian.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.home, name="list"),
]
