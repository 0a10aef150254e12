"""``manage.py demo_logins``: print the demo's logins, one per role."""

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand

from chuangxian.campaigns.selectors import campaign_term
from chuangxian.demo.cast import JUDGES
from chuangxian.demo.selectors import ADMIN_URL, BASE_URL, demo_campaign_state, demo_login_rows
from chuangxian.demo.services import demo_tenant


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


class Command(BaseCommand):
    help = "列出演示账号：角色、姓名、单位、登录工号和密码。"

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = demo_tenant()
        if tenant is None:
            self.stdout.write("还没有演示数据。先运行：uv run python manage.py demo")
            return
        header = ("角色", "姓名", "单位", "登录名（工号）", "密码")
        rows = [(r.role, r.name, r.unit, r.login, r.password) for r in demo_login_rows(tenant)]
        columns = [max(width(row[i]) for row in (header, *rows)) for i in range(len(header))]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(pad(cell, columns[i]) for i, cell in enumerate(cells)).rstrip()

        self.stdout.write(f"演示单位：{tenant.name}（代号 {tenant.slug}）  网址：{BASE_URL}")
        self.stdout.write(line(header))
        self.stdout.write(line(tuple("-" * c for c in columns)))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(
            f"所有账号都在 {BASE_URL} 登录（会员用工号，系统管理员用 admin）；后台管理在 {ADMIN_URL}。"
        )
        self.stdout.write("其他会员首次登录的初始密码是身份证号后六位，登录后须修改密码。")
        state = demo_campaign_state(tenant)
        if state is not None:
            first, last = campaign_term(state.campaign)
            self.stdout.write(
                f"评委不是单位的角色：校工会聘请的 {JUDGES} 位评委是创先活动「{state.campaign}」的评委，"
                f"任期 {first} 至 {last or '活动结束'}（会员页面的“单项授权”）。"
            )
            where = (
                f"今天处于第 {state.phase_order} 阶段「{state.phase_name}」（{state.starts_on} 至 {state.ends_on}）"
                if state.phase_order is not None
                else "今天不在任何阶段内（可用 manage.py demo --reset --as-of 日期 重新载入）"
            )
            self.stdout.write(f"创先活动「{state.campaign}」：{where}。")
