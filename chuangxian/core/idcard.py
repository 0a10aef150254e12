"""Resident ID numbers (居民身份证号码) of GB 11643-1999: checking (roster import) and making (demo, bench).

Eighteen characters: a six-digit administrative region code (GB/T 2260), the birth date as YYYYMMDD,
a three-digit sequence whose last digit is odd for men and even for women, and a check character
computed with ISO 7064 MOD 11-2 (``X`` stands for 10).
"""

import random
from datetime import date

# Weights of the first seventeen digits, 2**(17 - i) mod 11.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# Quanzhou, Fujian (泉州市), with rough weights by population. 金门县 (350527) is left out.
QUANZHOU_REGIONS: tuple[tuple[str, str, int], ...] = (
    ("350502", "鲤城区", 8),
    ("350503", "丰泽区", 10),
    ("350504", "洛江区", 4),
    ("350505", "泉港区", 4),
    ("350521", "惠安县", 9),
    ("350524", "安溪县", 10),
    ("350525", "永春县", 5),
    ("350526", "德化县", 4),
    ("350581", "石狮市", 7),
    ("350582", "晋江市", 16),
    ("350583", "南安市", 13),
)


def check_char(first17: str) -> str:
    """The check character for the first seventeen digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need 17 digits, got {first17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def is_valid(number: str) -> bool:
    """Whether ``number`` is a well-formed 18-character ID number with a correct check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return check_char(number[:17]) == number[17].upper()


def birth_date_of(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def is_male(number: str) -> bool:
    return int(number[16]) % 2 == 1


def make(*, region: str, birth: date, male: bool, rng: random.Random) -> str:
    """A valid ID number for a person born on ``birth`` in ``region``; the sequence is random."""
    head = rng.randrange(0, 100)
    parity = rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    first17 = f"{region}{birth:%Y%m%d}{head:02d}{parity}"
    return first17 + check_char(first17)


def pick_region(rng: random.Random) -> str:
    codes = [code for code, _name, _weight in QUANZHOU_REGIONS]
    weights = [weight for _code, _name, weight in QUANZHOU_REGIONS]
    return rng.choices(codes, weights=weights)[0]
