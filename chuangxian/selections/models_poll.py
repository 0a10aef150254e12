"""The democratic recommendation (民主推荐) of a selection: a poll of the voting engine whose options
are the entries in the running. ``SelectionPoll`` ties the selection to its poll and says how many
are recommended (``seats``); ``PollCandidate`` ties each option of the poll's question to its entry.
When the poll's result is published and the selection leaves its poll stage, the entries not among
the recommended are removed (``services.poll``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.models import TenantModel


class SelectionPoll(TenantModel):
    selection = models.ForeignKey(
        "selections.Selection", on_delete=models.CASCADE, related_name="polls", verbose_name=_("评选")
    )
    poll = models.ForeignKey(
        "voting.Poll", on_delete=models.PROTECT, related_name="+", verbose_name=_("投票")
    )
    seats = models.PositiveSmallIntegerField(_("推荐名额"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("民主推荐")
        verbose_name_plural = _("民主推荐")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "poll"], name="selectionpoll_unique_tenant_poll"),
            # One democratic recommendation per selection (the service also locks the selection).
            models.UniqueConstraint(
                fields=["tenant", "selection"], name="selectionpoll_unique_tenant_selection"
            ),
        ]

    def __str__(self) -> str:
        return str(self.poll_id)


class PollCandidate(TenantModel):
    selection_poll = models.ForeignKey(SelectionPoll, on_delete=models.CASCADE, related_name="candidates")
    entry = models.ForeignKey("selections.Entry", on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey("voting.Option", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("民主推荐候选对象")
        verbose_name_plural = _("民主推荐候选对象")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "selection_poll", "entry"], name="pollcandidate_unique_tenant_entry"
            ),
            models.UniqueConstraint(fields=["tenant", "option"], name="pollcandidate_unique_tenant_option"),
        ]

    def __str__(self) -> str:
        return str(self.entry_id)
