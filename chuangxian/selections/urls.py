from django.urls import URLPattern, URLResolver

app_name = "selections"
urlpatterns: list[URLPattern | URLResolver] = []
