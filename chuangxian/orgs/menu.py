"""What menu entries ask about a person (``core.menu.MenuRequest``), each computed once per request:
the roster row behind the login, the units the person is an officer of, whether they belong to a
school and whether they are its campaign office."""

from collections.abc import Callable

from django.urls import reverse

from chuangxian.core.menu import MenuRequest
from chuangxian.orgs.models import Member
from chuangxian.orgs.permissions import is_office, member_for, officer_unit_ids


def menu_member(menu: MenuRequest) -> Member | None:
    member: Member | None = menu.once("member", lambda: member_for(menu.user))
    return member


def menu_officer_units(menu: MenuRequest) -> list[int]:
    units: list[int] = menu.once("officer_units", lambda: officer_unit_ids(menu.user))
    return units


def menu_in_school(menu: MenuRequest) -> bool:
    return getattr(menu.user, "tenant_id", None) is not None


def menu_is_office(menu: MenuRequest) -> bool:
    office: bool = menu.once("office", lambda: menu_in_school(menu) and is_office(menu.user))
    return office


def for_everyone(url_name: str) -> Callable[[MenuRequest], str | None]:
    return lambda menu: reverse(url_name)


def for_members(url_name: str) -> Callable[[MenuRequest], str | None]:
    """The page, for a person with a roster row (not the platform admin)."""
    return lambda menu: reverse(url_name) if menu_member(menu) is not None else None


def for_officers(url_name: str) -> Callable[[MenuRequest], str | None]:
    return lambda menu: reverse(url_name) if menu_officer_units(menu) else None


def for_school(url_name: str) -> Callable[[MenuRequest], str | None]:
    return lambda menu: reverse(url_name) if menu_in_school(menu) else None


def for_office(url_name: str) -> Callable[[MenuRequest], str | None]:
    return lambda menu: reverse(url_name) if menu_is_office(menu) else None
