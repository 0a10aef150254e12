from django.urls import path

from chuangxian.campaigns.views import home

app_name = "orgs"
urlpatterns = [
    path("", home, name="tree"),
    path("units/<int:unit_id>/", home, name="unit_detail"),
    path("members/", home, name="member_search"),
]
