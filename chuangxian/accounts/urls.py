from django.urls import path

from chuangxian.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("initial-passwords/", views.initial_passwords, name="initial_passwords"),
    path("initial-passwords/slips/", views.initial_password_slips, name="initial_password_slips"),
]
