from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "chuangxian.meetings"
    verbose_name = "会议与签到"
