"""The drawn presentation order (抽签): recorded, reproducible by anyone, the same everywhere. Pure.

The draw is fixed by its **seed**, a string recorded with the draw: typically a random value made
on the spot and shown to those present (``seed_new`` gives one such as ``3F9A-1C2B-77E0-D41A``),
with the competition, round and group written in front of it so two draws never share a seed. The
seed is used exactly as recorded: its UTF-8 bytes, nothing trimmed or normalised.

Each entry's **draw key** is HMAC-SHA256 with the seed as the key and the entry's id written in
decimal (its text, for a text id) as the message, in lower-case hex. The order is the entries
sorted by their keys, smallest first (a tie, which needs a SHA-256 collision, would fall back to the
id's text). Nothing depends on Python's ``random`` (whose shuffle may change between versions), on
the machine or on the order the ids are given in. Anyone can recompute it, e.g. in a shell::

    for id in 12 15 31; do printf '%s ' "$id"; printf '%s' "$id" | openssl dgst -sha256 -hmac "$SEED" \\
        | sed 's/.*= //'; done | LC_ALL=C sort -k2

or in Python: ``sorted(ids, key=lambda i: hmac.new(seed.encode(), str(i).encode(), "sha256").hexdigest())``.

Sorting by keys that behave as independent uniform random numbers gives every order the same
chance; a test checks the spread over many fixed seeds.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import TypeVar

from chuangxian.voting.tally import fingerprint

Id = TypeVar("Id", int, str)  # an entry's id


def seed_new() -> str:
    """A fresh random value for a draw, 16 hex digits in groups of four (64 bits from ``secrets``)."""
    return fingerprint(secrets.token_hex(8))


def draw_key(entry: int | str, seed: str) -> str:
    """The entry's draw key: HMAC-SHA256(key=seed, message=str(entry)), hex."""
    return hmac.new(seed.encode(), str(entry).encode(), hashlib.sha256).hexdigest()


def draw_keys(entries: Sequence[Id], seed: str) -> list[tuple[Id, str]]:
    """Each entry with its draw key, in the drawn order (the page prints the keys for checking).

    Raises ``ValueError`` for an empty seed or two entries whose ids read the same.
    """
    if not seed:
        raise ValueError("a draw needs a seed")
    if len({str(entry) for entry in entries}) != len(entries):
        raise ValueError("an entry is drawn once")
    keyed = [(entry, draw_key(entry, seed)) for entry in entries]
    return sorted(keyed, key=lambda pair: (pair[1], str(pair[0])))


def draw_order(entries: Sequence[Id], seed: str) -> list[Id]:
    """The entries in the order drawn with ``seed`` (see the module's docstring)."""
    return [entry for entry, _key in draw_keys(entries, seed)]
