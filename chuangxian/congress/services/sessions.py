"""A congress's sessions (会议): dates and place, the ordered agenda, the documents."""

from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.congress.models import AgendaItem, Congress, Session, SessionDocument
from chuangxian.congress.services._common import CongressError, locked_congress, locked_session
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.files import DOCUMENTS


@dataclass(frozen=True)
class SessionData:
    number: int
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    note: str = ""


def _check(congress: Congress, data: SessionData, session: Session | None) -> None:
    problems: list[str] = []
    if data.number < 1:
        problems.append(_("会议次数应为正整数。"))
    if data.ends_at <= data.starts_at:
        problems.append(_("结束时间必须晚于开始时间。"))
    same = Session.objects.filter(tenant_id=congress.tenant_id, congress=congress, number=data.number)
    if session is not None:
        same = same.exclude(pk=session.pk)
    if same.exists():
        problems.append(_("本届已经有第 %(n)d 次会议。") % {"n": data.number})
    if problems:
        raise CongressError(code="invalid", message="".join(problems))


@transaction.atomic
def session_create(*, congress: Congress, data: SessionData, actor: Actor) -> Session:
    """A session of ``congress``. Locks the congress (numbers are unique per congress). Raises
    Refused 'not_manager'; CongressError 'invalid' (every problem at once)."""
    congress = locked_congress(congress, actor)
    _check(congress, data, None)
    session = Session.objects.create(
        tenant_id=congress.tenant_id,
        congress=congress,
        number=data.number,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place.strip(),
        note=data.note.strip(),
    )
    audit_record(
        actor=actor,
        action="congress.session.created",
        target=session,
        unit=congress.unit,
        data={"session": str(session), "starts_at": data.starts_at, "place": session.place},
    )
    return session


@transaction.atomic
def session_update(*, session: Session, data: SessionData, actor: Actor) -> Session:
    """Change a session's number, dates, place or note. Locks the congress and the session.
    Raises Refused 'not_manager'; CongressError 'invalid'."""
    congress = locked_congress(session.congress, actor)
    session = locked_session(session, actor)
    _check(congress, data, session)
    changes: dict[str, list[str]] = {}
    for name in ("number", "starts_at", "ends_at", "place", "note"):
        before, after = getattr(session, name), getattr(data, name)
        if isinstance(after, str):
            after = after.strip()
        if before != after:
            changes[name] = [str(before), str(after)]
            setattr(session, name, after)
    session.save()
    audit_record(
        actor=actor, action="congress.session.updated", target=session, unit=congress.unit, changes=changes
    )
    return session


@transaction.atomic
def agenda_item_add(*, session: Session, title: str, actor: Actor, description: str = "") -> AgendaItem:
    """Append an item to the session's agenda. Locks the session. Raises Refused 'not_manager';
    CongressError 'title_required'."""
    session = locked_session(session, actor)
    if not title.strip():
        raise CongressError(code="title_required", message=_("请填写议程。"), field="title")
    last = AgendaItem.objects.filter(tenant_id=session.tenant_id, session=session).aggregate(
        m=Max("position")
    )["m"]
    item = AgendaItem.objects.create(
        tenant_id=session.tenant_id,
        session=session,
        position=(last or 0) + 1,
        title=title.strip()[:200],
        description=description.strip(),
    )
    audit_record(
        actor=actor,
        action="congress.agenda.added",
        target=session,
        unit=session.congress.unit,
        data={"title": item.title},
    )
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, actor: Actor) -> None:
    """Swap an agenda item with the one before (``up``) or after it. Locks the session. Raises
    Refused 'not_manager'."""
    session = locked_session(item.session, actor)
    items = list(
        AgendaItem.objects.filter(tenant_id=session.tenant_id, session=session).order_by("position", "pk")
    )
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    _renumber(session, items)
    audit_record(
        actor=actor,
        action="congress.agenda.moved",
        target=session,
        unit=session.congress.unit,
        data={"title": item.title},
    )


def _renumber(session: Session, items: list[AgendaItem]) -> None:
    # Two passes so that the unique (session, position) never sees two rows on one number.
    offset = len(items) + 1000
    for i, row in enumerate(items, start=1):
        AgendaItem.objects.filter(tenant_id=session.tenant_id, pk=row.pk).update(position=offset + i)
    for i, row in enumerate(items, start=1):
        AgendaItem.objects.filter(tenant_id=session.tenant_id, pk=row.pk).update(position=i)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor: Actor) -> None:
    """Remove an agenda item; the others close up. Locks the session. Raises Refused 'not_manager'."""
    session = locked_session(item.session, actor)
    title = item.title
    AgendaItem.objects.filter(tenant_id=session.tenant_id, pk=item.pk).delete()
    _renumber(
        session,
        list(
            AgendaItem.objects.filter(tenant_id=session.tenant_id, session=session).order_by("position", "pk")
        ),
    )
    audit_record(
        actor=actor,
        action="congress.agenda.removed",
        target=session,
        unit=session.congress.unit,
        data={"title": title},
    )


@transaction.atomic
def document_add(
    *, session: Session, upload: IO[bytes], name: str, title: str, actor: Actor
) -> SessionDocument:
    """Attach a document (PDF or Office) to the session; the type is read from the content.
    Locks the session. Raises Refused 'not_manager'; FileCheckError as ``core.files.file_check``."""
    session = locked_session(session, actor)
    document = SessionDocument(
        tenant_id=session.tenant_id, session=session, title=(title.strip() or name)[:200]
    )
    kind = document.attach(upload, name=name, allowed=DOCUMENTS, uploaded_by=login_of(actor))
    document.save()
    audit_record(
        actor=actor,
        action="congress.document.added",
        target=session,
        unit=session.congress.unit,
        data={"title": document.title, "file": document.original_name, "kind": kind.code},
    )
    return document


@transaction.atomic
def document_remove(*, document: SessionDocument, actor: Actor) -> None:
    """Remove a document; its file goes after commit. Locks the session. Raises Refused 'not_manager'."""
    session = locked_session(document.session, actor)
    title = document.title
    SessionDocument.objects.filter(tenant_id=session.tenant_id, pk=document.pk).get().delete()
    audit_record(
        actor=actor,
        action="congress.document.removed",
        target=session,
        unit=session.congress.unit,
        data={"title": title},
    )
