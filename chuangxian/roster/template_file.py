"""The downloadable import template (导入模板.xlsx).

Sheet 1 "名册" is the data sheet: the header in row 1, staff-number, phone and ID-number columns
formatted as text ("@") so Excel and WPS keep every digit, drop-down lists for the fixed values and
the tenant's units. Sheet 2 "填写说明" explains every column with an example row. A hidden sheet
holds the unit list the drop-down refers to.
"""

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from chuangxian.core.xlsx import text_cell
from chuangxian.roster.columns import COLUMNS

TEMPLATE_ROWS = 5000  # rows that get the drop-downs and text formats
DATA_SHEET = "名册"

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

HEADER_FILL = PatternFill("solid", fgColor="B3202A")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def roster_template_xlsx(unit_names: Sequence[str], *, today: date) -> bytes:
    """The template as .xlsx bytes, with ``unit_names`` in the 所在单位 drop-down."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    last = TEMPLATE_ROWS + 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=f"{column.label}*" if column.required else column.label)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center")
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width + 2
        if column.text:
            dimension.number_format = "@"  # a column style: cells typed or pasted in become text
        elif column.field in DATE_FIELDS:
            dimension.number_format = "yyyy-mm-dd"
        rng = f"{letter}2:{letter}{last}"
        if column.field in CHOICE_LISTS:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(CHOICE_LISTS[column.field]) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="取值不对",
                error="请从下拉列表中选择：" + "、".join(CHOICE_LISTS[column.field]),
            )
            validation.add(rng)
            sheet.add_data_validation(validation)
        elif column.field == "unit" and unit_names:
            units = workbook.create_sheet("单位列表")
            units.sheet_state = "hidden"
            for row, name in enumerate(unit_names, start=1):
                text_cell(units.cell(row=row, column=1, value=name))  # a unit name is never a formula
            validation = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(units.title)}!$A$1:$A${len(unit_names)}",
                allow_blank=True,
                showErrorMessage=False,
            )
            validation.add(rng)
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 22

    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "填写要求", "示例"])
    for cell in notes[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for column in COLUMNS:
        text, example = NOTES[column.field]
        notes.append([f"{column.label}*" if column.required else column.label, text, example])
    notes.append([])
    for line in (
        "说明：",
        "1. 带 * 的列必须填写；列的顺序可以调整，表头上方可以有标题行，多余的列会被忽略。",
        "2. 每个工号一行。再次导入同一个文件不会重复添加，只会更新有变化的信息；空白单元格不会清除系统中已有的信息。",
        "3. 「部分更新」只处理文件中的人；「全量导入」还会把系统中在职、但文件里没有的会员标记为离职或退休（不会删除）。",
        "4. 上传后系统先给出预览，逐行说明新增、更新或错误；确认之前不会改动名册。",
        f"5. 模板生成日期：{today.isoformat()}。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 90
    notes.column_dimensions["C"].width = 22
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row[-1].number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
