"""The roster import template (名册导入模板.xlsx) as an export (``roster.template``), written by the
one Excel writer (``core.xlsx``).

Sheet 1 "名册" is the data sheet: the header in row 1, staff-number, phone and ID-number columns
formatted as text ("@") so Excel and WPS keep every digit, date columns as dates, drop-down lists for
the fixed values and the tenant's units (on the hidden sheet "单位列表"), for ``TEMPLATE_ROWS``
rows. Sheet 2 "填写说明" explains every column with an example row. For whoever may import the roster
of their school (``can_import_roster``), as the page that links it.
"""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.core.models import Tenant
from chuangxian.exports.registry import Column, Exporter, Kind, SheetSpec
from chuangxian.orgs.permissions import tenant_id_for
from chuangxian.roster.columns import COLUMNS
from chuangxian.roster.permissions import can_import_roster
from chuangxian.roster.selectors import unit_names_for_template

TEMPLATE_ROWS = 5000  # rows that get the drop-downs and text formats
DATA_SHEET = "名册"
UNIT_LIST_SHEET = "单位列表"

NOTES: dict[str, tuple[str, str]] = {
    # field: (what to write, example)
    "staff_no": ("必填。学校的教职工工号，每人唯一；本列已设为文本格式，开头的 0 不会丢。", "2010001"),
    "name": ("必填。姓名中间的空格会被自动去掉。", "张伟"),
    "unit": (
        "必填。二级工会（学院、机关部门、教辅单位）的全称，须与系统中的单位名称一致，可从下拉列表选择。",
        "文学与传播学院",
    ),
    "group": ("选填。所在单位下的工会小组名称；不填则保持原小组（新会员直接归入单位）。", "中文系工会小组"),
    "gender": ("选填。男 或 女。", "男"),
    "birth_date": (
        "选填。写成 1980-01-01，也可写 1980/1/1、1980.1.1、1980年1月1日、19800101。",
        "1980-01-01",
    ),
    "post": ("选填。教师、管理 或 教辅（也接受：专任教师、行政、教学辅助等）。", "教师"),
    "political": ("选填。中共党员、中共预备党员、共青团员、民主党派、群众。", "中共党员"),
    "phone": ("选填。11 位手机号；座机写成 0595-22919999。只填一个号码。", "13805951234"),
    "id_number": (
        "选填但建议填写。18 位身份证号，最后一位可以是 X。本列必须是文本格式："
        "存成数字的身份证号第 15 位以后会丢失，系统会拒收。首次登录的初始密码是身份证号后六位。",
        "350502198001011235",
    ),
    "joined_on": ("选填。格式同出生日期。", "2005-09-01"),
    "status": ("选填。在职、离职 或 退休。全量导入时不填视为在职。", "在职"),
}

CHOICE_LISTS: dict[str, Sequence[str]] = {
    "gender": ("男", "女"),
    "post": ("教师", "管理", "教辅"),
    "political": ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众"),
    "status": ("在职", "离职", "退休"),
}
DATE_FIELDS = ("birth_date", "joined_on")


def _kind(field: str, text: bool) -> Kind:
    return Kind.ID if text else Kind.DATE if field in DATE_FIELDS else Kind.TEXT


def _notes(today: Any) -> Iterator[Sequence[Any]]:
    for column in COLUMNS:
        text, example = NOTES[column.field]
        yield (f"{column.label}*" if column.required else column.label, text, example)
    yield ()
    for line in (
        "说明：",
        "1. 带 * 的列必须填写；列的顺序可以调整，表头上方可以有标题行，多余的列会被忽略。",
        "2. 每个工号一行。再次导入同一个文件不会重复添加，只会更新有变化的信息；空白单元格不会清除系统中已有的信息。",
        "3. 「部分更新」只处理文件中的人；「全量导入」还会把系统中在职、但文件里没有的会员标记为离职或退休（不会删除）。",
        "4. 上传后系统先给出预览，逐行说明新增、更新或错误；确认之前不会改动名册。",
        f"5. 模板生成日期：{today.isoformat()}。",
    ):
        yield (line,)


class RosterTemplateExporter(Exporter):
    """The template to fill in and upload: the school's units in its drop-down."""

    name = "roster.template"
    label = gettext_lazy("名册导入模板")
    formats = ("xlsx",)
    note_columns = (
        Column(gettext_lazy("列名"), width=12),
        Column(gettext_lazy("填写要求"), width=90, wrap=True),
        Column(gettext_lazy("示例"), Kind.ID, width=22),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        tenant_id = tenant_id_for(actor)
        tenant = Tenant.objects.filter(pk=tenant_id, is_active=True).first() if tenant_id else None
        if tenant is None:
            raise Refused(_("找不到要导出的记录，或您没有导出它的权限。"), code="not_found")
        return {"tenant": tenant}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_import_roster(actor, objs["tenant"].pk)

    def tenant_id(self, actor: Actor, **objs: Any) -> int | None:
        return int(objs["tenant"].pk)

    def sheets(self, actor: Actor, **objs: Any) -> list[SheetSpec]:
        units = unit_names_for_template(objs["tenant"].pk)
        columns = [
            Column(
                f"{c.label}*" if c.required else c.label,
                _kind(c.field, c.text),
                width=c.width + 2,
                choices=units if c.field == "unit" else CHOICE_LISTS.get(c.field, ()),
                choices_sheet=UNIT_LIST_SHEET if c.field == "unit" else "",
            )
            for c in COLUMNS
        ]
        return [
            SheetSpec(DATA_SHEET, columns, rows=(), heading=False, blank_rows=TEMPLATE_ROWS),
            SheetSpec(_("填写说明"), self.note_columns, rows=_notes(clock.today())),
        ]
