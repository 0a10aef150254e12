"""Test helpers for school-affairs disclosure: an item published by the system, a question on it."""

from datetime import date
from typing import Any

from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.disclosure.models import Category, DisclosureItem, Feedback, FeedbackKind, Mode, Right
from chuangxian.disclosure.services import (
    ItemData,
    feedback_post,
    item_handlers_name,
    item_publish,
    question_answer,
)
from chuangxian.orgs.models import Unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 200


def item_data(
    responsible: Unit,
    *,
    units: list[Unit] | None = None,
    title: str = "2026年度教职工绩效工资分配方案",
    publish_on: date | None = None,
    **kwargs: Any,
) -> ItemData:
    values: dict[str, Any] = {
        "body": "经教代会审议通过，现予公开。",
        "category": Category.INTERESTS,
        "mode": Mode.IMMEDIATE,
        "rights": [Right.KNOW, Right.SUPERVISE],
        **kwargs,
    }
    return ItemData(
        title=title,
        responsible_unit=responsible,
        units=units or [],
        publish_on=publish_on or clock.today(),
        **values,
    )


def make_item(
    responsible: Unit,
    *,
    units: list[Unit] | None = None,
    actor: Actor = SYSTEM,
    attachments: list[tuple[str, bytes]] | None = None,
    **kwargs: Any,
) -> DisclosureItem:
    """An item published by ``actor`` (the system) to ``units`` (the whole school when None)."""
    return item_publish(
        tenant_id=responsible.tenant_id,
        data=item_data(responsible, units=units, **kwargs),
        attachments=attachments or [],
        actor=actor,
    )


def ask(item: DisclosureItem, actor: Actor, text: str = "绩效工资何时发放？") -> Feedback:
    return feedback_post(item=item, kind=FeedbackKind.QUESTION, text=text, actor=actor)


def answered(item: DisclosureItem, asker: Actor, *, answer: str = "本月底前发放。") -> Feedback:
    return question_answer(question=ask(item, asker), answer=answer, actor=SYSTEM)


def world_disclosure(world: Any) -> None:
    """The permission matrix's disclosure items (``tests/test_permission_matrix.py``): at each place
    an item disclosed to its unit only, answered by its school's root (the office), with a question
    by the place's member, an attachment and a handler grant to the place's member; titles carry the place's marker."""
    for place in world.places.values():
        root = Unit.objects.get(tenant_id=place.tenant.pk, depth=1)
        item = make_item(
            root,
            units=[place.unit],
            title=f"{place.marker}disclosure",
            attachments=[(f"{place.marker}disclosure.pdf", PDF)],
        )
        place.disclosure_item = item
        place.disclosure_attachment = item.attachments.get()
        place.disclosure_question = ask(item, place.member_user, text=f"{place.marker}question")
        (place.disclosure_grant,) = item_handlers_name(item=item, members=[place.member], actor=SYSTEM)
