from django.urls import URLPattern

app_name = "disclosure"
urlpatterns: list[URLPattern] = []
