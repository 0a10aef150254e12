"""The exporter registry: every list, report and wall that leaves the application as a file.

An app declares an ``Exporter`` for each of its exports and registers it in its ``AppConfig.ready``
(``chuangxian.exports.registry.register(WallExporter())``). ``chuangxian.exports.services.export_run``
is the one way an export runs: it asks the exporter whether the actor may (its ``may_run`` calls the
app's own ``can_*`` rule), then streams the exporter's rows through the one Excel writer
(``core.xlsx``), directly for a small file, in a background job for a large one. Modelled on
pretix's exporters.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.utils.functional import Promise

from chuangxian.core.actors import Actor
from chuangxian.core.xlsx import Column, Kind, Table

__all__ = ["Column", "Exporter", "Kind", "SheetSpec", "exporter", "fetch_param", "register", "registered"]

FORMATS = ("xlsx", "csv", "docx", "pdf")


@dataclass
class SheetSpec:
    """One sheet of a multi-sheet export (``Exporter.sheets``)."""

    title: "str | Promise"
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    heading: bool = True  # ``core.xlsx.Table``: the caption row; blank rows of a template to fill in
    blank_rows: int = 0


class Exporter:
    """One export. Subclasses set ``name`` (identifier, unique), ``label`` (Chinese), ``formats``,
    ``columns``, and implement ``resolve``, ``may_run``, ``rows`` (and ``count`` for large lists).

    ``params`` are JSON values (ids, filter strings) so a background job can store them; ``resolve``
    turns them into the objects (``{"unit": unit, "campaign": campaign}``) the other methods take as
    keyword arguments, fetched within the actor's tenant, or raises ``core.errors.Refused``.
    """

    name: ClassVar[str] = ""
    label: ClassVar["str | Promise"] = ""
    formats: ClassVar[tuple[str, ...]] = ("xlsx", "csv")
    columns: ClassVar[Sequence[Column]] = ()

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        raise NotImplementedError

    def tenant_id(self, actor: Actor, **objs: Any) -> int | None:
        """The tenant the export belongs to (a background job's tenant)."""
        for obj in objs.values():
            tenant_id = getattr(obj, "tenant_id", None)
            if tenant_id is not None:
                return int(tenant_id)
        return actor.tenant_id

    def title(self, **objs: Any) -> str:
        """The caption and the file name's stem."""
        return str(self.label)

    def count(self, actor: Actor, **objs: Any) -> int | None:
        """How many rows (one query), to decide between a direct download and a background job and to
        show progress; None when unknown (always direct)."""
        return None

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        """The data rows, streamed: a bounded number of queries whatever the row count."""
        raise NotImplementedError

    def sheets(self, actor: Actor, **objs: Any) -> list[SheetSpec]:
        """The workbook's sheets; one by default (``label``, ``columns``, ``rows``)."""
        return [SheetSpec(title=str(self.label), columns=self.columns, rows=self.rows(actor, **objs))]

    def tables(self, actor: Actor, **objs: Any) -> list[Table]:
        caption = self.title(**objs)
        return [
            Table(
                title=s.title,
                columns=s.columns,
                rows=s.rows,
                caption=caption,
                heading=s.heading,
                blank_rows=s.blank_rows,
            )
            for s in self.sheets(actor, **objs)
        ]

    def render(self, actor: Actor, fmt: str, **objs: Any) -> bytes:
        """Formats the table writer does not cover (docx, pdf): the whole file's bytes."""
        raise NotImplementedError


_REGISTRY: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    if not exporter.name or not exporter.label:
        raise ValueError("an exporter needs a name and a label")
    unknown = set(exporter.formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"{exporter.name}: unknown formats {sorted(unknown)}")
    existing = _REGISTRY.get(exporter.name)
    if existing is not None and type(existing) is not type(exporter):
        raise ValueError(f"two exporters named {exporter.name!r}")
    _REGISTRY[exporter.name] = exporter
    return exporter


def exporter(name: str) -> Exporter | None:
    return _REGISTRY.get(name)


def registered() -> list[Exporter]:
    return sorted(_REGISTRY.values(), key=lambda e: e.name)


def fetch_param(actor: Actor, queryset: Any, value: Any) -> Any:
    """The row ``value`` (an id from the params) names, within the actor's tenant, or ``Refused``:
    an exporter's ``resolve`` fetches through it."""
    from django.utils.translation import gettext as _

    from chuangxian.core.errors import Refused
    from chuangxian.core.tenancy import actor_rows

    try:
        pk = int(value)
    except (TypeError, ValueError):
        pk = None
    found = actor_rows(queryset, actor).filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise Refused(_("找不到要导出的记录，或您没有导出它的权限。"), code="not_found")
    return found
