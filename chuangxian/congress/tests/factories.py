"""Congresses, representatives and sessions for tests, built through the services (as the system)."""

from datetime import timedelta

from chuangxian.congress.models import Congress, Representative, Session
from chuangxian.congress.services import (
    CongressData,
    SessionData,
    congress_create,
    representative_elect,
    session_create,
)
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.tests.factories import MemberFactory


def make_congress(
    unit: Unit, *, term_number: int = 5, all_staff: bool = False, **rules: tuple[int, int]
) -> Congress:
    start = clock.today() - timedelta(days=400)
    return congress_create(
        unit=unit,
        data=CongressData(
            term_number=term_number, term_starts_on=start, term_years=5, all_staff=all_staff, **rules
        ),
        actor=SYSTEM,
    )


def elect(congress: Congress, member: Member, unit: Unit | None = None, **kwargs: object) -> Representative:
    return representative_elect(
        congress=congress,
        member=member,
        unit=unit or member.unit,
        elected_on=congress.term_starts_on,
        actor=SYSTEM,
        **kwargs,  # type: ignore[arg-type]
    )


def elect_many(congress: Congress, unit: Unit, n: int, **member_fields: object) -> list[Representative]:
    return [elect(congress, MemberFactory(unit=unit, **member_fields)) for _ in range(n)]


def make_session(
    congress: Congress, *, number: int = 1, starts_in: timedelta = timedelta(minutes=10)
) -> Session:
    start = clock.now() + starts_in
    return session_create(
        congress=congress,
        data=SessionData(
            number=number, starts_at=start, ends_at=start + timedelta(hours=4), place="学术报告厅"
        ),
        actor=SYSTEM,
    )


def world_congress(world: object) -> None:
    """The permission matrix's records: at each place a congress of the place's unit (made directly
    at the child group, which holds none in real life, so that the matrix's four places apply), a
    session whose place carries the marker, an agenda item, a document and the place's member as a
    representative."""
    import io

    from chuangxian.congress.services import agenda_item_add, document_add
    from chuangxian.core.tests.files import PDF

    for place in world.places.values():  # type: ignore[attr-defined]
        congress = Congress.objects.create(
            tenant=place.tenant,
            unit=place.unit,
            term_number=1,
            term_starts_on=clock.today() - timedelta(days=30),
        )
        session = session_create(
            congress=congress,
            data=SessionData(
                number=1,
                starts_at=clock.now() + timedelta(days=1),
                ends_at=clock.now() + timedelta(days=1, hours=3),
                place=f"{place.marker}place",
            ),
            actor=SYSTEM,
        )
        place.congress = congress
        place.congress_session = session
        place.congress_agenda = agenda_item_add(session=session, title=f"{place.marker}agenda", actor=SYSTEM)
        place.congress_document = document_add(
            session=session, upload=io.BytesIO(PDF), name="a.pdf", title=f"{place.marker}doc", actor=SYSTEM
        )
        place.congress_rep = elect(congress, place.member)
