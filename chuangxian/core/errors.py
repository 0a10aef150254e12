"""Typed domain errors: a machine code for tests and logs, a translated sentence for people."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused an action. ``message`` says, in Chinese, what to do about it."""

    def __init__(self, *, code: str, message: str | Promise, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = str(message)
        self.field = field

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class NotFoundError(DomainError):
    """Raised by ``access_*`` for a record that is missing *or* forbidden, so nothing leaks."""

    def __init__(self, message: str | Promise = "找不到该记录，或您没有查看它的权限。") -> None:
        super().__init__(code="not_found", message=message)


class Refused(DomainError):
    """The actor may not do this: raised by a service's own rule check before it changes anything.

    ``code`` names the rule (``not_own``, ``not_manager``...); ``message`` tells the person, in
    Chinese, who may do it instead. A view that does not catch it shows a 403 page with the message
    (``core.middleware.NotFoundErrorMiddleware``).
    """

    def __init__(
        self,
        message: str | Promise = "您没有进行此操作的权限。",
        *,
        code: str = "forbidden",
        field: str | None = None,
    ) -> None:
        super().__init__(code=code, message=message, field=field)
