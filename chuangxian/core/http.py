"""The request type of every page behind the login.

``LoginRequiredMiddleware`` turns every anonymous request for a page that is not marked
``login_not_required`` into a redirect to the login page, so a view behind it always sees a logged-in
``User``: annotate it ``request: AuthedRequest`` and pass ``request.user`` to services and rules as the
actor (``core.actors.Actor``). The views a visitor may open without logging in keep ``HttpRequest``.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from chuangxian.accounts.models import User


class AuthedRequest(HttpRequest):
    user: "User"
