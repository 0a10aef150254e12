"""One word, one meaning: 活动 is an event (the activities app); the campaign is 创先活动.

The campaign used to be called plain 活动 too (活动管理, 活动阶段, 暂无进行中的活动), so a member could not
tell a campaign from an event. These phrases only ever meant the campaign; none may come back in a
template, a Python source (gettext strings, verbose names, messages), the English catalogue's msgids
or the docs. Proper names keep their 活动 (创先争优活动, 主题实践活动, 工会活动方案, 品牌活动) and none of
them matches a pattern below.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "chuangxian"

CAMPAIGN_AS_ACTIVITY = re.compile(
    "|".join(
        [
            "(?<!创先)活动管理",
            "(?<!创先)活动阶段",
            "(?<!创先)活动与阶段",
            "进行中的活动",
            "启用一个活动",
            "本次活动",
            "当前活动",
            "所属活动",
            "不属于任何活动",
            "每次活动",
            "每个活动",
            "该活动不属于",
            "所选活动不属于",
            "以哪个活动为模板",
            "新活动名称",
            "模板活动",
            "配置活动",
        ]
    )
)


def _hits(paths, *, lines_only=None):
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if lines_only is not None and not line.startswith(lines_only):
                continue
            for match in CAMPAIGN_AS_ACTIVITY.finditer(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group()}")
    return found


def _python_sources():
    return [
        p
        for p in APP.rglob("*.py")
        if "tests" not in p.relative_to(APP).parts and "migrations" not in p.relative_to(APP).parts
    ]


@pytest.mark.parametrize(
    ("where", "paths", "lines_only"),
    [
        ("templates", lambda: sorted(APP.glob("templates/**/*.html")), None),
        ("python", lambda: sorted(_python_sources()), None),
        ("english catalogue msgids", lambda: [APP / "locale/en/LC_MESSAGES/django.po"], ("msgid", '"')),
        ("docs", lambda: [ROOT / "README.md", *sorted(ROOT.glob("docs/*.md"))], None),
    ],
    ids=["templates", "python", "catalogue", "docs"],
)
def test_campaign_is_never_called_plain_huodong(where, paths, lines_only):
    files = paths()
    assert files, f"no {where} found to scan"
    assert _hits(files, lines_only=lines_only) == []


def test_the_guard_sees_the_old_wording_and_spares_proper_names():
    old = ["活动管理", "活动阶段", "暂无进行中的活动", "去创建或启用一个活动", "本次活动", "所属活动"]
    new_and_proper = [
        "创先活动管理",
        "创先活动阶段",
        "暂无进行中的创先活动",
        "本次创先活动",
        "所属创先活动",
        "创先争优活动",
        "主题实践活动",
        "工会活动方案",
        "品牌活动",
        "开展活动",
        "已参加活动",
        "结束活动",
    ]
    assert [bool(CAMPAIGN_AS_ACTIVITY.search(s)) for s in old] == [True] * len(old)
    assert [s for s in new_and_proper if CAMPAIGN_AS_ACTIVITY.search(s)] == []
