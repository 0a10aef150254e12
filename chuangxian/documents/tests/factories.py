"""Notices for tests, made through the services."""

from dataclasses import replace
from datetime import date
from typing import Any

from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.core.models import Tenant
from chuangxian.documents.models import Notice
from chuangxian.documents.services import NoticeFields, notice_create, notice_issue

PREFIX = "泉师院委组工"
TITLE = "关于在工会组织和广大教职工中深入开展创先争优活动的实施方案"
CC = "福建省总工会创先争优活动领导小组办公室，校领导存档（二）"

FIELDS = NoticeFields(
    prefix=PREFIX,
    year=2010,
    title=TITLE,
    body="一、充分认识开展创先争优活动的重要意义\n工会是党领导下的工人阶级群众组织。\n（一）落实领导责任。各工会组织要切实加强领导。",
    issuing_office="泉州示范师范学院创先争优活动领导小组办公室",
    addressees="各二级工会、直属工会小组",
    signed_on=date(2010, 12, 15),
    cc=CC,
    printing_office="泉州示范师范学院创先办",
    printed_on=date(2010, 12, 23),
)


def make_notice(tenant: Tenant, *, issue: bool = False, actor: Actor = SYSTEM, **overrides: Any) -> Notice:
    notice = notice_create(tenant=tenant, fields=replace(FIELDS, **overrides), actor=actor)
    if issue:
        notice = notice_issue(notice=notice, actor=actor)
    return notice
