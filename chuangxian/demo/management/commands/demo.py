"""``manage.py demo``: load the demo university, its roster, personas and the seed's campaign."""

import argparse
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chuangxian.core import clock
from chuangxian.demo.selectors import demo_campaign_state
from chuangxian.demo.services import DEMO_NAME, DEMO_SLUG, DemoError, demo_load, demo_tenant
from chuangxian.demo.tree import DEFAULT_MEMBERS
from chuangxian.orgs.models import UnitKind


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD，收到：{value}") from error


class Command(BaseCommand):
    help = "载入演示数据：一所虚构的师范学院、约 1,500 名会员、各角色的演示账号和创先争优活动。"

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--reset", action="store_true", help="先删除已有的演示数据（仅演示租户），再重新载入。"
        )
        group.add_argument(
            "--if-empty", action="store_true", help="演示数据已存在时什么也不做（make run 使用）。"
        )
        parser.add_argument(
            "--as-of",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="演示所处的日期（默认今天）：活动日期整体平移，使这一天落在第二阶段约三分之一处。",
        )
        parser.add_argument(
            "--members",
            type=int,
            default=DEFAULT_MEMBERS,
            metavar="N",
            help=f"会员人数（默认 {DEFAULT_MEMBERS}）。",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and demo_tenant() is not None:
            self.stdout.write(f"演示数据已存在（{DEMO_NAME}，代号 {DEMO_SLUG}），跳过载入。")
            return
        as_of: date = options["as_of"] or clock.today()
        started = time.monotonic()
        try:
            result = demo_load(as_of=as_of, members=options["members"], reset=options["reset"])
        except DemoError as error:
            raise CommandError(error.message) from error
        elapsed = time.monotonic() - started
        breakdown = "、".join(f"{UnitKind(kind).label} {count}" for kind, count in result.units.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入「{result.tenant.name}」：{sum(result.units.values())} 个工会组织（{breakdown}），"
                f"{result.members} 名会员，"
                f"{result.personas} 个演示账号。用时 {elapsed:.1f} 秒。"
            )
        )
        if result.phase2 is not None:
            pledges = result.phase2.pledges
            published = pledges.get("published", 0) + pledges.get("fulfilling", 0)
            self.stdout.write(
                f"第二阶段至今：{result.phase2.projects} 个工会项目，{sum(pledges.values())} 份承诺"
                f"（已公示 {published}，待审核 {pledges.get('in_review', 0)}），"
                f"{result.phase2.activities} 项活动。"
            )
        state = demo_campaign_state(result.tenant, as_of)
        if state is not None and state.phase_order is not None:
            self.stdout.write(
                f"创先活动「{state.campaign}」：{as_of} 处于第 {state.phase_order} 阶段「{state.phase_name}」"
                f"（{state.starts_on} 至 {state.ends_on}）。"
            )
        self.stdout.write("运行 manage.py demo_logins 查看登录账号。")
