"""The sealed ballot box's two scrutineer pages: collecting one's share of the key (shown once), and
entering it at the count until enough shares have opened the box (``docs/voting.md``, "密封票箱").

Both pages are for the scrutineers who hold a share of a box kept by the scrutineers; anyone else
gets the same 404 as for a poll they cannot see. Neither page is ever cached: the first shows a
share, the second may carry one in its form."""

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import require
from chuangxian.orgs.models import Member
from chuangxian.orgs.permissions import member_for
from chuangxian.voting import selectors, services
from chuangxian.voting.forms import ShareForm
from chuangxian.voting.models import Poll
from chuangxian.voting.permissions import access_poll
from chuangxian.voting.views.setup import _form_error


def _share_holder(request: AuthedRequest, poll_id: int) -> tuple[Poll, Member, selectors.BoxState]:
    """The poll, the requesting scrutineer and the box, if they hold a share of a box kept by the
    scrutineers; otherwise 404."""
    poll = access_poll(request.user, poll_id)
    member = member_for(request.user)
    state = selectors.box_state(poll)
    require(state is not None and state.held_by_scrutineers and state.holder(member) is not None)
    assert state is not None and member is not None
    return poll, member, state


@never_cache
@sensitive_post_parameters("code")
def share(request: AuthedRequest, poll_id: int) -> HttpResponse:
    """GET explains. POST ``step=show`` shows the share (``box_share_collect``), as a code and as a
    QR code of the box page's address with the code in its fragment, which browsers never send to the
    server, with a form to type the copy back; ``step=confirm`` checks the copy
    (``box_share_confirm``), after which the system no longer holds the share."""
    poll, member, state = _share_holder(request, poll_id)
    form = ShareForm(request.POST or None) if request.POST.get("step") == "confirm" else ShareForm()
    if request.method == "POST":
        if request.POST.get("step") == "confirm" and form.is_valid():
            try:
                services.box_share_confirm(
                    poll=poll, member=member, code=form.cleaned_data["code"], actor=request.user
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(
                    request, _("已确认您抄写的分片无误，系统已删除它的副本。请妥善保管，计票时带上。")
                )
                return redirect("voting:detail", poll_id=poll.pk)
        try:
            code = services.box_share_collect(poll=poll, member=member, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("voting:share", poll_id=poll.pk)
        link = request.build_absolute_uri(reverse("voting:box", args=[poll.pk])) + f"#share={code}"
        return render(
            request,
            "voting/share.html",
            {
                "poll": poll,
                "state": state,
                "code": code,
                "groups": code.split("-"),
                "link": link,
                "qr": segno.make(link, error="m").svg_data_uri(scale=6, border=2),
                "form": form,
            },
        )
    return render(request, "voting/share.html", {"poll": poll, "state": state, "mine": state.holder(member)})


@never_cache
@sensitive_post_parameters("code")
def box(request: AuthedRequest, poll_id: int) -> HttpResponse:
    """After the close each scrutineer enters their share (``box_share_submit``) until the threshold
    opens the box; the page shows who has entered theirs (names only) and how many are still needed."""
    poll, member, state = _share_holder(request, poll_id)
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.box_share_submit(
                poll=poll, member=member, code=form.cleaned_data["code"], actor=request.user
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            if result.needed:
                messages.success(
                    request,
                    _("已提交 %(n)d 位，还需 %(m)d 位监票人。") % {"n": result.submitted, "m": result.needed},
                )
            else:
                messages.success(request, _("票箱已开启。"))
            return redirect("voting:box", poll_id=poll.pk)
    return render(
        request,
        "voting/box.html",
        {"poll": poll, "state": state, "mine": state.holder(member), "form": form},
    )
