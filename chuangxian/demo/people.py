"""The demo roster as plain data: one ``Person`` per member, drawn from a seeded generator.

Everything depends only on the member count and the random seed, never on the day it runs, so two
loads of the same size give the same people with the same staff numbers.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from chuangxian.core import idcard
from chuangxian.demo import names
from chuangxian.demo.tree import ALL_UNITS, UnitSpec, scaled_sizes, split_college
from chuangxian.orgs.models import Gender, MemberStatus, Political, Post

RANDOM_SEED = 20101215  # the date of the seed document
LATEST_JOIN = date(2024, 9, 1)
MOBILE_PREFIXES = tuple(
    f"1{digits}"
    for digits in (
        *(30, 31, 32, 33, 35, 36, 37, 38, 39, 50, 51, 52, 53, 55, 56, 57, 58, 59, 66, 73, 77),
        *(80, 81, 82, 83, 85, 86, 87, 88, 89, 91, 98, 99),
    )
)

GROUP_POSTS: dict[str, int] = {Post.TEACHER: 92, Post.SUPPORT: 8}  # 教研室 members teach
COLLEGE_OFFICE_POSTS: dict[str, int] = {
    Post.TEACHER: 55,
    Post.ADMIN: 35,
    Post.SUPPORT: 10,
}  # a college's own staff
PARTY_SHARE: dict[str, float] = {Post.ADMIN: 0.66, Post.TEACHER: 0.46, Post.SUPPORT: 0.36}


@dataclass
class Person:
    unit: str  # the name of the unit (or union group) the member belongs to
    name: str
    gender: str
    birth_date: date
    post: str
    political: str
    phone: str
    id_number: str
    joined_on: date
    order: int  # generation order, a tie-breaker for staff numbers
    staff_no: str = ""

    def roster_fields(self, unit_id: int) -> dict[str, Any]:
        """The fields ``orgs.services.roster_apply`` creates a member from."""
        return {
            "staff_no": self.staff_no,
            "name": self.name,
            "unit_id": unit_id,
            "gender": self.gender,
            "birth_date": self.birth_date,
            "birth_year": self.birth_date.year,
            "post": self.post,
            "political": self.political,
            "phone": self.phone,
            "id_number": self.id_number,
            "joined_on": self.joined_on,
            "status": MemberStatus.ACTIVE,
        }


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _birth_date(rng: random.Random) -> date:
    # Most staff were born between the late 1960s and the early 1990s.
    year = min(int(rng.triangular(1960, 1999, 1981)), 1998)
    return date.fromordinal(date(year, 1, 1).toordinal() + rng.randrange(365))


def _joined_on(rng: random.Random, birth: date, post: str) -> date:
    # Teachers join after a master's or a doctorate; administrators and support staff earlier.
    age = int(rng.triangular(24, 34, 28)) if post == Post.TEACHER else int(rng.triangular(21, 31, 23))
    year = birth.year + age
    month = rng.choice((7, 7, 9, 9, 9)) if post == Post.TEACHER else rng.randint(1, 12)
    joined = date(year, month, rng.randint(1, 28))
    return min(joined, LATEST_JOIN)


def _political(rng: random.Random, post: str, birth: date) -> str:
    draw = rng.random()
    party = PARTY_SHARE.get(post, 0.4)
    if draw < party:
        return Political.CPC
    if draw < party + 0.02:
        return Political.CPC_PROBATIONARY
    if draw < party + 0.08:
        return Political.DEMOCRATIC
    if birth.year >= 1992 and rng.random() < 0.5:
        return Political.CYL
    return Political.MASSES


def _unique(rng: random.Random, seen: set[str], make: Any) -> str:
    while True:
        value: str = make(rng)
        if value not in seen:
            seen.add(value)
            return value


def _person(
    rng: random.Random, spec: UnitSpec, unit: str, order: int, phones: set[str], ids: set[str]
) -> Person:
    male = rng.random() >= spec.female
    birth = _birth_date(rng)
    if unit != spec.name:
        posts = GROUP_POSTS
    elif spec.groups:
        posts = COLLEGE_OFFICE_POSTS
    else:
        posts = spec.posts
    post = _weighted(rng, posts)
    return Person(
        unit=unit,
        name=names.full_name(rng, male=male, birth_year=birth.year),
        gender=Gender.MALE if male else Gender.FEMALE,
        birth_date=birth,
        post=post,
        political=_political(rng, post, birth),
        phone=_unique(rng, phones, lambda r: r.choice(MOBILE_PREFIXES) + f"{r.randrange(10**8):08d}"),
        id_number=_unique(
            rng, ids, lambda r: idcard.make(region=idcard.pick_region(r), birth=birth, male=male, rng=r)
        ),
        joined_on=_joined_on(rng, birth, post),
        order=order,
    )


def assign_staff_numbers(people: list[Person]) -> None:
    """Staff number = year of joining + a sequence within that year, in joining order (2008017)."""
    by_year: dict[int, list[Person]] = defaultdict(list)
    for person in people:
        by_year[person.joined_on.year].append(person)
    width = max(3, len(str(max(len(group) for group in by_year.values()))))
    for year, group in by_year.items():
        group.sort(key=lambda p: (p.joined_on, p.order))
        for sequence, person in enumerate(group, start=1):
            person.staff_no = f"{year}{sequence:0{width}d}"


def generate_people(total: int, rng: random.Random) -> list[Person]:
    """``total`` members spread over the demo tree, in tree order."""
    sizes = scaled_sizes(total)
    people: list[Person] = []
    phones: set[str] = set()
    ids: set[str] = set()
    for spec in ALL_UNITS:
        for unit, count in split_college(spec, sizes[spec.name]):
            for _ in range(count):
                people.append(_person(rng, spec, unit, len(people), phones, ids))
    assign_staff_numbers(people)
    return people
