from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "chuangxian.documents"
    verbose_name = "公文与文件学习"
