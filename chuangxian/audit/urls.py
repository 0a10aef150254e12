from django.urls import path

from chuangxian.campaigns.views import home

app_name = "audit"
urlpatterns = [
    path("", home, name="list"),
]
