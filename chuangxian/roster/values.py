"""Reading one cell: normalise what people type, refuse what cannot be trusted.

Each ``parse_*`` takes the raw cell (str, int, float, date, datetime or None, as the readers give
it) and returns the normalised value, or raises ``CellError`` with a code and a sentence that says
what to fix. Full-width characters and stray spaces are normalised, never refused; an ID number
that went through a numeric cell is refused, never guessed.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core import idcard
from chuangxian.orgs.models import Gender, MemberStatus, Political, Post


class CellError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class UncomputedFormula:
    """A formula cell saved without its result, as programs that never calculate write them (openpyxl,
    many exports). Excel shows a value; the file holds none, so the readers hand this on instead of
    an empty cell and ``parse_row`` says what to do."""

    formula: str

    def __str__(self) -> str:
        return f"={self.formula}"


_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MIDDLE_DOTS = re.compile(r"\s*[•・．.·‧∙]\s*")


def clean_text(value: Any) -> str:
    """NFKC (full-width letters, digits, U+3000 become ASCII), trimmed, inner runs of spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value))
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return _SPACES.sub(" ", text).strip()


_INVISIBLE = "\u200b\ufeff"


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip() or not value.strip().strip(_INVISIBLE)
    return False


def name_key(value: str) -> str:
    """How unit names are compared: spaces and case do not matter."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value)).lower()


def parse_staff_no(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        raise CellError(
            "staff_no_invalid", _("工号「%(value)s」不是整数，请检查是否填错。") % {"value": value}
        )
    text = clean_text(value).replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9_-]{0,31}", text):
        raise CellError(
            "staff_no_invalid",
            _("工号「%(value)s」格式不对：只能由字母、数字和短横线组成，不超过 32 位。")
            % {"value": text[:40]},
        )
    return text


# What Excel, WPS and LibreOffice treat as the start of a formula when text is typed or pasted (the
# OWASP CSV-injection rule). Tabs and line breaks are also on that list; ``clean_text`` trims them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def parse_name(value: Any) -> str:
    text = clean_text(value)
    if text.startswith(FORMULA_PREFIXES):
        raise CellError(
            "name_formula",
            _(
                "姓名「%(value)s」以「%(char)s」开头，在 Excel 和 WPS 中会被当作公式。"
                "请填写真实姓名（去掉开头的 %(char)s）后重新上传。"
            )
            % {"value": text[:40], "char": text[0]},
        )
    if _CJK.search(text):
        # "张  伟" → "张伟"; "阿卜杜 · 热合曼" → "阿卜杜·热合曼".
        text = _MIDDLE_DOTS.sub("·", text).replace(" ", "")
    if len(text) > 60:
        raise CellError("name_too_long", _("姓名太长（不能超过 60 个字）。"))
    if not re.search(r"[^\W\d_]", text):
        raise CellError(
            "name_invalid", _("姓名「%(value)s」不像是人名，请检查是否填错了列。") % {"value": text}
        )
    return text


def parse_unit_name(value: Any) -> str:
    return clean_text(value)


# --- choices ---------------------------------------------------------------------------------------

GENDER_ALIASES = {"男": Gender.MALE, "男性": Gender.MALE, "m": Gender.MALE, "女": Gender.FEMALE}
GENDER_ALIASES |= {"女性": Gender.FEMALE, "f": Gender.FEMALE}
POST_ALIASES = {
    "教师": Post.TEACHER,
    "专任教师": Post.TEACHER,
    "专职教师": Post.TEACHER,
    "教学": Post.TEACHER,
    "教学人员": Post.TEACHER,
    "管理": Post.ADMIN,
    "管理人员": Post.ADMIN,
    "行政": Post.ADMIN,
    "行政人员": Post.ADMIN,
    "行政管理": Post.ADMIN,
    "党政管理": Post.ADMIN,
    "教辅": Post.SUPPORT,
    "教辅人员": Post.SUPPORT,
    "教学辅助": Post.SUPPORT,
    "教学辅助人员": Post.SUPPORT,
    "实验技术": Post.SUPPORT,
}
POLITICAL_ALIASES = {
    "中共党员": Political.CPC,
    "中国共产党党员": Political.CPC,
    "共产党员": Political.CPC,
    "党员": Political.CPC,
    "中共预备党员": Political.CPC_PROBATIONARY,
    "预备党员": Political.CPC_PROBATIONARY,
    "共青团员": Political.CYL,
    "团员": Political.CYL,
    "民主党派": Political.DEMOCRATIC,
    "群众": Political.MASSES,
}
for _party in ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟"):
    POLITICAL_ALIASES[_party] = Political.DEMOCRATIC
for _party in ("民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员", "九三学社社员"):
    POLITICAL_ALIASES[_party] = Political.DEMOCRATIC
for _party in ("台盟盟员", "民主党派成员"):
    POLITICAL_ALIASES[_party] = Political.DEMOCRATIC
STATUS_ALIASES = {
    "在职": MemberStatus.ACTIVE,
    "在岗": MemberStatus.ACTIVE,
    "离职": MemberStatus.LEFT,
    "调离": MemberStatus.LEFT,
    "辞职": MemberStatus.LEFT,
    "退休": MemberStatus.RETIRED,
    "离休": MemberStatus.RETIRED,
}


def _choice(value: Any, aliases: Mapping[str, str], code: str, label: Any, accepted: Any) -> str:
    """``label`` and ``accepted`` are lazy translations: they are only rendered for an error."""
    text = clean_text(value).replace(" ", "")
    found = aliases.get(text) or aliases.get(text.lower())
    if found is None:
        raise CellError(
            code,
            _("%(label)s不能填「%(value)s」，只能填：%(accepted)s。")
            % {"label": label, "value": text, "accepted": accepted},
        )
    return str(found)


def parse_gender(value: Any) -> str:
    return _choice(value, GENDER_ALIASES, "gender_invalid", gettext_lazy("性别"), gettext_lazy("男、女"))


def parse_post(value: Any) -> str:
    return _choice(
        value, POST_ALIASES, "post_invalid", gettext_lazy("岗位类别"), gettext_lazy("教师、管理、教辅")
    )


def parse_political(value: Any) -> str:
    return _choice(
        value,
        POLITICAL_ALIASES,
        "political_invalid",
        gettext_lazy("政治面貌"),
        gettext_lazy("中共党员、中共预备党员、共青团员、民主党派、群众"),
    )


def parse_status(value: Any) -> str:
    return _choice(
        value, STATUS_ALIASES, "status_invalid", gettext_lazy("状态"), gettext_lazy("在职、离职、退休")
    )


# --- dates -----------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{1,5}(?:\.0+)?")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_MIN_DATE = date(1900, 1, 1)


def _from_serial(serial: float) -> date:
    # Excel's 1900 date system (with its phantom 29 Feb 1900, hence the 30 Dec 1899 epoch).
    if not 1 <= serial < 2958466:
        raise ValueError(serial)
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value: Any, label: str, *, latest: date) -> date:
    """2010-12-15, 2010/12/15, 2010.12.15, 2010年12月15日, 20101215, a date cell or an Excel serial."""
    result: date | None = None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        try:
            result = _from_serial(value)
        except ValueError:
            result = None
    else:
        text = _TIME_TAIL.sub("", clean_text(value))
        try:
            if (match := _YMD.fullmatch(text)) or (match := _COMPACT.fullmatch(text)):
                result = date(int(match[1]), int(match[2]), int(match[3]))
            elif _SERIAL.fullmatch(text):
                result = _from_serial(float(text))
        except ValueError:
            result = None
    if result is None:
        raise CellError(
            "date_invalid",
            _("%(label)s「%(value)s」无法识别，请写成 2010-12-15 这样的年-月-日。")
            % {"label": label, "value": clean_text(value)[:30]},
        )
    if not _MIN_DATE <= result <= latest:
        raise CellError(
            "date_out_of_range",
            _("%(label)s「%(value)s」不在合理范围内（1900 年以后、不晚于今天），请核对。")
            % {"label": label, "value": result.isoformat()},
        )
    return result


# --- phone -----------------------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?")


def parse_phone(value: Any) -> str:
    """A mobile number (1[3-9] and nine digits) or a landline such as 0595-22919999."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value).replace(" ", "")
    text = re.sub(r"^\((0\d{2,3})\)", r"\1-", text)  # (0595)22919999
    text = re.sub(r"^(\+?86)-?(?=1[3-9]\d{9}$)", "", text)
    compact = text.replace("-", "")
    if _MOBILE.fullmatch(compact):
        return compact
    if match := _LANDLINE.fullmatch(text):
        return f"{match[1]}-{match[2]}" + (f"-{match[3]}" if match[3] else "")
    raise CellError(
        "phone_invalid",
        _(
            "电话号码「%(value)s」不正确：手机号为 1 开头的 11 位数字，座机请写成 0595-22919999；只填一个号码。"
        )
        % {"value": text[:30]},
    )


# --- ID numbers (GB 11643-1999) --------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")


def id_check_digit(first17: str) -> str:
    return idcard.check_char(first17)


def _numeric_id_error() -> CellError:
    return CellError(
        "id_number_numeric",
        _(
            "身份证号被存成了数字，第 15 位以后的数字已经丢失，无法还原。"
            "请把「身份证号」列设置为「文本」格式，重新填写（或粘贴）身份证号后再导入。"
        ),
    )


def parse_id_number(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise _numeric_id_error()
    text = clean_text(value).replace(" ", "").upper()
    if _SCIENTIFIC.fullmatch(text):
        raise _numeric_id_error()
    if not re.fullmatch(r"\d{17}[\dX]", text):
        raise CellError(
            "id_number_format",
            _("身份证号「%(value)s」应为 18 位：前 17 位是数字，最后一位是数字或 X（现在是 %(length)s 位）。")
            % {"value": text[:30], "length": len(text)},
        )
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        born = None
    if born is None or born < _MIN_DATE:
        raise CellError(
            "id_number_birth",
            _("身份证号第 7–14 位（出生日期 %(value)s）不是有效日期，请核对。") % {"value": text[6:14]},
        )
    if id_check_digit(text[:17]) != text[17]:
        raise CellError(
            "id_number_checksum",
            _("身份证号「%(value)s」的最后一位校验码不对，说明其中有数字填错了，请对照身份证核对。")
            % {"value": text},
        )
    return text
