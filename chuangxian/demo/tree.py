"""The demo university's union organisation, shaped like the seed's (二级学院, 机关, 教辅单位, 直属工会小组).

Sizes are the head counts at the default 1,500 members; ``scaled_sizes`` fits them to another total.
``female`` is the share of women in the unit; ``posts`` the weights of 教师 / 管理 / 教辅.
"""

from dataclasses import dataclass, field

from chuangxian.orgs.models import Post, UnitCategory, UnitKind

ROOT_NAME = "校工会"
# A college keeps this share of its members directly (the dean's office, counsellors, secretaries);
# the rest are spread over its union groups (教研室工会小组).
DIRECT_SHARE_WITH_GROUPS = 0.4
MIN_DIRECT = 3  # a chair, a liaison and one more: every unit can hold its officers

COLLEGE_POSTS: dict[str, int] = {Post.TEACHER: 85, Post.ADMIN: 10, Post.SUPPORT: 5}
OFFICE_POSTS: dict[str, int] = {Post.ADMIN: 88, Post.SUPPORT: 8, Post.TEACHER: 4}
SUPPORT_POSTS: dict[str, int] = {Post.SUPPORT: 70, Post.ADMIN: 25, Post.TEACHER: 5}


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: str
    category: str
    size: int
    female: float
    posts: dict[str, int]
    groups: tuple[str, ...] = field(default_factory=tuple)


def _college(name: str, size: int, female: float, *groups: str) -> UnitSpec:
    return UnitSpec(name, UnitKind.SUB_UNION, UnitCategory.COLLEGE, size, female, COLLEGE_POSTS, groups)


def _office(name: str, size: int, female: float) -> UnitSpec:
    return UnitSpec(name, UnitKind.SUB_UNION, UnitCategory.OFFICE, size, female, OFFICE_POSTS)


def _support(name: str, size: int, female: float) -> UnitSpec:
    return UnitSpec(name, UnitKind.SUB_UNION, UnitCategory.SUPPORT, size, female, SUPPORT_POSTS)


# The school union's own staff (校工会 / 创先办) are members of the root.
ROOT = UnitSpec(ROOT_NAME, UnitKind.SCHOOL_UNION, UnitCategory.NONE, 6, 0.5, OFFICE_POSTS)

SECONDARY: tuple[UnitSpec, ...] = (
    _college(
        "文学与传播学院",
        120,
        0.62,
        "汉语言文学教研室工会小组",
        "新闻与传播教研室工会小组",
        "汉语国际教育教研室工会小组",
    ),
    _college("数学与计算机科学学院", 115, 0.38, "数学教研室工会小组", "计算机教研室工会小组"),
    _college("外国语学院", 105, 0.72, "英语教研室工会小组", "日语教研室工会小组"),
    _college("物理与信息工程学院", 95, 0.3, "物理教研室工会小组", "电子信息教研室工会小组"),
    _college("化学与生命科学学院", 100, 0.5, "化学教研室工会小组", "生物教研室工会小组"),
    _college("教育科学学院", 85, 0.66),
    _college("经济与管理学院", 100, 0.56, "经济学教研室工会小组", "工商管理教研室工会小组"),
    _college("美术与设计学院", 75, 0.48),
    _college("音乐舞蹈学院", 70, 0.6),
    _college("体育学院", 65, 0.34),
    _college("海洋与食品学院", 59, 0.48),
    _college("资源与环境科学学院", 62, 0.4),
    _college("马克思主义学院", 45, 0.55),
    _college("软件学院", 55, 0.35),
    _office("党委办公室、校长办公室联合工会", 30, 0.45),
    _office("组织人事部", 20, 0.55),
    _office("宣传部", 12, 0.5),
    _office("教务处", 28, 0.55),
    _office("科研处", 15, 0.45),
    _office("财务处", 25, 0.72),
    _office("后勤管理处", 40, 0.42),
    _office("学生工作部", 22, 0.45),
    _office("保卫处", 18, 0.2),
    _support("图书馆", 30, 0.7),
    _support("现代教育技术中心", 18, 0.38),
    _support("档案馆", 10, 0.7),
    _support("校医院", 24, 0.72),
)

DIRECT_GROUPS: tuple[UnitSpec, ...] = (
    UnitSpec("离退休工作处工会小组", UnitKind.DIRECT_GROUP, UnitCategory.OFFICE, 12, 0.5, OFFICE_POSTS),
    UnitSpec(
        "附属实验学校工会小组",
        UnitKind.DIRECT_GROUP,
        UnitCategory.SUPPORT,
        25,
        0.68,
        {Post.TEACHER: 80, Post.ADMIN: 15, Post.SUPPORT: 5},
    ),
    UnitSpec("继续教育学院工会小组", UnitKind.DIRECT_GROUP, UnitCategory.COLLEGE, 14, 0.5, OFFICE_POSTS),
)

ALL_UNITS: tuple[UnitSpec, ...] = (ROOT, *SECONDARY, *DIRECT_GROUPS)
DEFAULT_MEMBERS = sum(spec.size for spec in ALL_UNITS)


def min_size(spec: UnitSpec) -> int:
    """Fewest members a unit can have: its officers, plus one per union group."""
    return MIN_DIRECT + len(spec.groups)


def min_members() -> int:
    return sum(min_size(spec) for spec in ALL_UNITS)


def scaled_sizes(total: int) -> dict[str, int]:
    """Head count per unit name, proportional to the 1,500-member plan and summing to ``total``.

    Largest-remainder apportionment of what is left after every unit's minimum; deterministic.
    """
    minimums = {spec.name: min_size(spec) for spec in ALL_UNITS}
    spare = total - sum(minimums.values())
    if spare < 0:
        raise ValueError(f"at least {sum(minimums.values())} members are needed, got {total}")
    weights = {spec.name: max(spec.size - minimums[spec.name], 0) for spec in ALL_UNITS}
    weight_total = sum(weights.values())
    quotas = {name: spare * weight / weight_total for name, weight in weights.items()}
    sizes = {name: minimums[name] + int(quota) for name, quota in quotas.items()}
    left = total - sum(sizes.values())
    by_remainder = sorted(quotas, key=lambda name: (-(quotas[name] - int(quotas[name])), name))
    for name in by_remainder[:left]:
        sizes[name] += 1
    return sizes


def split_college(spec: UnitSpec, size: int) -> list[tuple[str, int]]:
    """``(unit name, head count)`` for a unit and its union groups: the unit keeps a share directly."""
    if not spec.groups:
        return [(spec.name, size)]
    direct = max(MIN_DIRECT, round(size * DIRECT_SHARE_WITH_GROUPS))
    rest = size - direct
    per_group, extra = divmod(rest, len(spec.groups))
    parts = [(spec.name, direct)]
    for index, group in enumerate(spec.groups):
        parts.append((group, per_group + (1 if index < extra else 0)))
    return parts
