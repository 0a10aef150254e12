"""Organisation-tree scope as data: a set of materialised-path prefixes within one tenant.

"Everything under my unit" is one indexed prefix filter (``path LIKE 'prefix%'``) on SQLite and
PostgreSQL alike. Computing a user's scope needs the role table (orgs); applying it needs only this.
"""

from dataclasses import dataclass, field

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    tenant_id: int | None
    prefixes: tuple[str, ...] = field(default_factory=tuple)
    everything: bool = False  # platform admin: all tenants

    @classmethod
    def nothing(cls) -> "Scope":
        return cls(tenant_id=None)

    def is_empty(self) -> bool:
        return not self.everything and not self.prefixes

    def covers_path(self, path: str) -> bool:
        return self.everything or any(path.startswith(prefix) for prefix in self.prefixes)

    def covers(self, *, tenant_id: int, path: str) -> bool:
        if self.everything:
            return True
        return tenant_id == self.tenant_id and self.covers_path(path)

    def q(self, path_field: str = "path", tenant_field: str = "tenant_id") -> Q:
        """A filter for rows whose unit path lies inside this scope."""
        if self.everything:
            return Q()
        if not self.prefixes:
            return Q(pk__in=[])
        paths = Q()
        for prefix in self.prefixes:
            paths |= Q(**{f"{path_field}__startswith": prefix})
        return Q(**{tenant_field: self.tenant_id}) & paths


def lineage(path: str, steplen: int) -> list[str]:
    """``path`` and the paths of every unit above it, root first: "my unit or any unit above it" is
    then one ``path__in`` filter."""
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


def collapse_prefixes(paths: list[str]) -> tuple[str, ...]:
    """Drop paths already covered by a shorter one, so filters stay short."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(sorted(kept))
