from django.urls import path

from chuangxian.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/", views.notification_open, name="open"),
    path("read/", views.mark_all_read, name="mark_all_read"),
]
