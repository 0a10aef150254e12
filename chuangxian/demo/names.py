"""Realistic Chinese names for the demo roster, drawn from a seeded random generator.

Surnames are weighted by frequency in a blend of Fujian (陈 and 林 lead; 蔡, 许, 洪, 苏, 庄, 施 are
far commoner in Quanzhou than nationally) and the national ranking, since a university recruits
from the whole country. About one name in seven has a one-character given name (王芳); the rest two
(陈志强). Given-name characters depend on gender and, a little, on the decade of birth (建华 and
秀英 before 1978, 子轩 and 欣怡 after 1985).
"""

import random

# Surname → relative weight (roughly ‰ of a Quanzhou university's staff).
SURNAMES: dict[str, int] = {
    "陈": 95,
    "林": 80,
    "黄": 55,
    "张": 45,
    "王": 42,
    "李": 38,
    "吴": 36,
    "刘": 28,
    "郑": 27,
    "蔡": 24,
    "许": 22,
    "杨": 20,
    "洪": 16,
    "苏": 15,
    "庄": 15,
    "曾": 14,
    "郭": 14,
    "施": 12,
    "谢": 12,
    "周": 12,
    "叶": 11,
    "赵": 10,
    "徐": 9,
    "何": 8,
    "朱": 8,
    "孙": 7,
    "胡": 7,
    "马": 6,
    "高": 6,
    "罗": 6,
    "梁": 5,
    "卢": 7,
    "傅": 7,
    "颜": 7,
    "柯": 7,
    "潘": 6,
    "邱": 6,
    "方": 6,
    "戴": 5,
    "余": 5,
    "肖": 5,
    "游": 4,
    "宋": 4,
    "唐": 4,
    "韩": 3,
    "冯": 3,
    "邓": 4,
    "彭": 3,
    "蒋": 3,
    "龚": 3,
    "尤": 3,
    "丁": 3,
    "魏": 3,
    "沈": 3,
    "杜": 3,
    "姚": 3,
    "曹": 3,
    "袁": 2,
    "程": 2,
    "董": 2,
    "于": 2,
    "田": 2,
    "吕": 2,
    "任": 2,
    "姜": 2,
    "汪": 2,
    "范": 2,
    "连": 3,
    "骆": 2,
    "欧阳": 1,
}

# Given-name characters. "first" opens a two-character given name, "second" closes it; "single" are
# one-character given names. Classic characters are commoner before 1978, modern ones after 1985.
MALE_FIRST = "志建国文明晓海振伟俊家永德宏天少锦清荣泽立世鸿学新春金耀炳恒长福贵嘉子浩宇博思"
MALE_SECOND = "强伟军明华平辉杰斌峰涛磊勇东林鹏飞超刚宁庆龙彬毅亮成坤鑫凯阳健波松忠民"
MALE_SINGLE = "伟强磊军勇杰涛斌超明辉鹏峰浩宇凯毅健彬翔亮锋晖"
FEMALE_FIRST = "秀丽美晓雅婉静雪玉淑春素燕佳欣思梦诗雨婷慧艳文惠碧月晶丽宝"
FEMALE_SECOND = "芳娟敏静丽红霞燕萍玲琳婷颖洁莹娜琴琼梅兰凤慧倩怡璐菲雯瑶妍华珍"
FEMALE_SINGLE = "芳娜敏静丽艳燕玲婷霞娟红颖琳雪梅萍洁倩丹蓉琴璐莹"
MALE_CLASSIC = "建国卫红军华"
MALE_MODERN = "子浩宇博轩然睿泽航哲霖逸"
FEMALE_CLASSIC = "秀淑桂凤兰英"
FEMALE_MODERN = "欣梓涵萱怡琪瑶诗雨梦妍"
# Closing characters by era, added to the common ones.
MALE_SECOND_CLASSIC = "发生福荣德"
MALE_SECOND_MODERN = "轩然睿泽哲霖逸晨浩宇"
FEMALE_SECOND_CLASSIC = "英珍凤兰花"
FEMALE_SECOND_MODERN = "涵萱怡琪欣瑶妍彤"


def _char(rng: random.Random, pool: str, era_bonus: str = "") -> str:
    return rng.choice(pool + era_bonus * 2 if era_bonus else pool)


def surname(rng: random.Random) -> str:
    return rng.choices(list(SURNAMES), weights=list(SURNAMES.values()))[0]


def given_name(rng: random.Random, *, male: bool, birth_year: int) -> str:
    classic = birth_year < 1978
    modern = birth_year >= 1985
    if rng.random() < 0.14:
        return rng.choice(MALE_SINGLE if male else FEMALE_SINGLE)
    if male:
        first = _char(rng, MALE_FIRST, MALE_MODERN if modern else (MALE_CLASSIC if classic else ""))
        second = _char(
            rng, MALE_SECOND, MALE_SECOND_MODERN if modern else (MALE_SECOND_CLASSIC if classic else "")
        )
    else:
        first = _char(rng, FEMALE_FIRST, FEMALE_MODERN if modern else (FEMALE_CLASSIC if classic else ""))
        second = _char(
            rng, FEMALE_SECOND, FEMALE_SECOND_MODERN if modern else (FEMALE_SECOND_CLASSIC if classic else "")
        )
    # Doubled characters (婷婷, 晶晶) are common for women only; otherwise draw again.
    while first == second and (male or rng.random() < 0.7):
        second = _char(rng, MALE_SECOND if male else FEMALE_SECOND)
    return first + second


def full_name(rng: random.Random, *, male: bool, birth_year: int) -> str:
    return surname(rng) + given_name(rng, male=male, birth_year=birth_year)
