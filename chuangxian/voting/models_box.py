"""The sealed ballot box (``docs/voting.md``, "密封票箱").

While a sealed poll runs, a cast ballot is only a ``SealedBallot``: ciphertext sealed to the poll's
public key, with a random key and the voter's tracker (the ciphertext's hash). The poll's private key
is stored only wrapped (``BallotBox.wrapped_key``) by a key that the scrutineers hold in shares
(``KeyShare`` keeps a check of each share, never the share once its scrutineer has collected it), or,
for a poll without scrutineers, by the instance key kept outside the database. At the count the box
is opened: the plain ballots are written to ``Ballot``/``BallotChoice`` in a random order with no
reference to the sealed rows, and the wrapped key is erased, so no one can open a sealed ballot again.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import TenantModel


def _random_key() -> str:
    return secrets.token_hex(16)


def _new_salt() -> bytes:
    return secrets.token_bytes(16)


class BoxCustody(models.TextChoices):
    SCRUTINEERS = "scrutineers", _("监票人分持密钥")
    INSTANCE = "instance", _("服务器实例密钥（较弱）")


class BallotBox(TenantModel):
    """A sealed poll's box, made when the poll opens."""

    poll = models.ForeignKey("voting.Poll", on_delete=models.CASCADE, related_name="+")
    public_key = models.BinaryField()
    # The private key sealed by the wrapping key; empty once the box has been opened (destroyed).
    wrapped_key = models.BinaryField(null=True)
    custody = models.CharField(max_length=12, choices=BoxCustody.choices)
    threshold = models.PositiveSmallIntegerField(default=0)
    share_count = models.PositiveSmallIntegerField(default=0)
    salt = models.BinaryField(default=_new_salt)
    # Every plaintext ballot of the poll is padded to this many bytes before it is sealed.
    pad_size = models.PositiveIntegerField()
    opened_at = models.DateTimeField(null=True, blank=True)
    sealed_count = models.PositiveIntegerField(default=0)
    opened_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("密封票箱")
        verbose_name_plural = _("密封票箱")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "poll"], name="ballotbox_unique_tenant_poll")
        ]

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


class KeyShare(TenantModel):
    """A scrutineer's share of the box's key: its number and its verifier (a keyed hash), and, only until the
    scrutineer collects it, the share itself sealed by the instance key. At the count, the share the
    scrutineer enters waits here (sealed by the instance key) until enough shares have come in; it is
    erased when the box opens."""

    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey("orgs.Member", on_delete=models.PROTECT, related_name="+")
    index = models.PositiveSmallIntegerField()
    verifier = models.CharField(max_length=64)
    pending = models.BinaryField(null=True)
    collected_at = models.DateTimeField(null=True, blank=True)
    submitted = models.BinaryField(null=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "box", "member"], name="keyshare_unique_box_member"),
            models.UniqueConstraint(fields=["tenant", "box", "index"], name="keyshare_unique_box_index"),
        ]


class SealedBallot(TenantModel):
    """A ballot as cast into a sealed box: ciphertext and tracker, no voter, no time, a random key."""

    key = models.CharField(primary_key=True, max_length=32, default=_random_key, editable=False)
    poll = models.ForeignKey("voting.Poll", on_delete=models.CASCADE, related_name="sealed_ballots")
    sealed = models.BinaryField()
    tracker = models.CharField(max_length=14)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "poll", "tracker"], name="sealedballot_unique_poll_tracker"
            )
        ]
