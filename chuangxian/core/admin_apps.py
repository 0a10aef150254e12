"""Django's admin app, with the platform admin's site (``core.admin_site``) as its default site.

A module of its own: ``INSTALLED_APPS`` imports it before any model can be."""

from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    default_site = "chuangxian.core.admin_site.PlatformAdminSite"
