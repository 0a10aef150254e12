from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "chuangxian.projects"
    verbose_name = "工会项目"
