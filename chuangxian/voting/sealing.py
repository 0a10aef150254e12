"""The sealed ballot box's cryptography, with no database: libsodium through PyNaCl, and Shamir's
secret sharing from pycryptodome. Nothing here is hand-written cryptography; this module only
chooses the primitives and the encodings.

- A poll's key pair is X25519 (``nacl.public.PrivateKey``). A ballot is sealed to the public key with
  a sealed box (``nacl.public.SealedBox``): an ephemeral key per ballot, so two equal ballots give
  unrelated ciphertexts. Every plaintext of a poll is padded to the same length first
  (``ballot_pad_size``), so a ciphertext's length says nothing about the choices.
- The private key is stored only wrapped (``nacl.secret.SecretBox``) by a *wrapping key*. With
  scrutineers, the wrapping key is derived (BLAKE2b) from a 16-byte secret split among them with
  Shamir's scheme: any ``threshold`` shares rebuild it, fewer reveal nothing. Without scrutineers, the
  wrapping key is derived from the *instance key*, kept outside the database (``instance_key``).
- A scrutineer's share is shown as a code of eight groups of four characters (Crockford's base 32:
  no I, L, O or U; typing those is forgiven), carrying the share's number and a check, so a mistyped
  share is caught before it is compared with the stored check.
"""

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.public
import nacl.secret
import nacl.utils
from Crypto.Protocol.SecretSharing import Shamir
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SECRET_BYTES = 16  # Shamir's scheme in pycryptodome shares 16-byte secrets
_WRAP_PERSON = b"cx-poll-wrap"
_INSTANCE_PERSON = b"cx-instance"
_SHARE_PERSON = b"cx-share-check"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FORGIVEN = str.maketrans({"O": "0", "I": "1", "L": "1"})


class SealingError(Exception):
    """A share, a wrapped key or a sealed ballot that does not open. ``code`` says which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- keys ---------------------------------------------------------------------------------------


def new_keypair() -> tuple[bytes, bytes]:
    """(public key, private key), 32 bytes each."""
    private = nacl.public.PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def _derive(secret: bytes, person: bytes) -> bytes:
    return nacl.hash.blake2b(
        secret, digest_size=nacl.secret.SecretBox.KEY_SIZE, person=person, encoder=nacl.encoding.RawEncoder
    )


def wrap(private_key: bytes, wrapping_key: bytes) -> bytes:
    return bytes(nacl.secret.SecretBox(wrapping_key).encrypt(private_key))


def unwrap(wrapped: bytes, wrapping_key: bytes) -> bytes:
    try:
        return nacl.secret.SecretBox(wrapping_key).decrypt(wrapped)
    except nacl.exceptions.CryptoError as error:
        raise SealingError("wrong_key") from error


def wrapping_key_from_secret(secret: bytes) -> bytes:
    """The wrapping key made from the scrutineers' shared 16-byte secret."""
    return _derive(secret, _WRAP_PERSON)


class NoInstanceKey(Exception):
    """The instance key is neither configured nor allowed to be made (production)."""


def instance_key() -> bytes:
    """The instance's own 32-byte key, outside the database: ``VOTING_INSTANCE_KEY`` (64 hex digits)
    from the environment, or else the file ``VOTING_INSTANCE_KEY_FILE``, made (mode 0600, written
    whole before it appears) on first use where ``VOTING_INSTANCE_KEY_CREATE`` allows — in development,
    never in production, which raises NoInstanceKey instead. Losing it loses every unopened box that
    relies on it; keep it with the instance's secrets, never with the database's backups."""
    configured = getattr(settings, "VOTING_INSTANCE_KEY", "")
    if configured:
        try:
            key = bytes.fromhex(configured)
        except ValueError as error:
            raise ImproperlyConfigured("VOTING_INSTANCE_KEY must be 64 hexadecimal digits") from error
        if len(key) != 32:
            raise ImproperlyConfigured("VOTING_INSTANCE_KEY must be 64 hexadecimal digits")
        return key
    path = Path(settings.VOTING_INSTANCE_KEY_FILE)
    if not path.exists():
        if not getattr(settings, "VOTING_INSTANCE_KEY_CREATE", False):
            raise NoInstanceKey(str(path))
        _create_key_file(path)
    key = bytes.fromhex(path.read_text().strip())
    if len(key) != 32:
        raise ImproperlyConfigured(f"{path} must hold 64 hexadecimal digits")
    return key


def _create_key_file(path: Path) -> None:
    """Write a fresh key to a temporary file and link it into place: a process racing this one either
    finds no file or a complete one, never an empty one; the first link wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def instance_wrapping_key() -> bytes:
    return _derive(instance_key(), _INSTANCE_PERSON)


def instance_seal(data: bytes) -> bytes:
    """``data`` encrypted with the instance key (a share waiting to be collected or combined)."""
    return wrap(data, instance_wrapping_key())


def instance_open(data: bytes) -> bytes:
    return unwrap(data, instance_wrapping_key())


# --- shares -------------------------------------------------------------------------------------


def majority(count: int) -> int:
    """The default threshold: a majority of the scrutineers, at least 2."""
    return max(2, count // 2 + 1)


def split(threshold: int, count: int) -> tuple[bytes, list[tuple[int, bytes]]]:
    """A fresh 16-byte secret and its ``count`` shares, any ``threshold`` of which rebuild it."""
    secret = secrets.token_bytes(SECRET_BYTES)
    return secret, [(index, bytes(share)) for index, share in Shamir.split(threshold, count, secret)]


def combine(shares: Sequence[tuple[int, bytes]]) -> bytes:
    return bytes(Shamir.combine([(index, share) for index, share in shares]))


def share_check(salt: bytes, index: int, share: bytes) -> str:
    """What the database keeps to recognise a genuine share: a keyed hash of it, with the box's salt.
    A share has 128 random bits, so its check cannot be searched back to it."""
    return nacl.hash.blake2b(
        bytes([index]) + share, key=salt, person=_SHARE_PERSON, encoder=nacl.encoding.HexEncoder
    ).decode()


def _b32(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    width = (len(data) * 8 + 4) // 5
    return "".join(_CROCKFORD[(number >> (5 * (width - 1 - i))) & 31] for i in range(width))


def _from_b32(text: str, size: int) -> bytes:
    number = 0
    for char in text:
        number = number * 32 + _CROCKFORD.index(char)
    if number >> (size * 8):
        raise SealingError("malformed")
    return number.to_bytes(size, "big")


def share_code(index: int, share: bytes) -> str:
    """The share as people read it: ``3KQ0-…`` in eight groups (number, share, two check bytes)."""
    body = bytes([index]) + share
    check = hashlib.sha256(body).digest()[:2]
    text = _b32(body + check)
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def share_parse(code: str) -> tuple[int, bytes]:
    """(number, share) from a code as typed or scanned: spaces, dashes and case are ignored, O is read
    as 0 and I or L as 1. Raises SealingError 'malformed' if it is not a whole share code."""
    text = "".join(code.split()).replace("-", "").upper().translate(_FORGIVEN)
    size = 1 + SECRET_BYTES + 2
    if len(text) != (size * 8 + 4) // 5 or any(c not in _CROCKFORD for c in text):
        raise SealingError("malformed")
    raw = _from_b32(text, size)
    body, check = raw[:-2], raw[-2:]
    if hashlib.sha256(body).digest()[:2] != check or body[0] == 0:
        raise SealingError("malformed")
    return body[0], body[1:]


# --- ballots ------------------------------------------------------------------------------------


def ballot_plaintext(kind: str, marks: Sequence[Sequence[Any]], size: int) -> bytes:
    """The ballot as sealed: compact JSON of its kind and marks ([question id, option id or null,
    mark]), padded with spaces to ``size`` bytes so every ballot of the poll has the same length."""
    body = json.dumps({"k": kind, "m": sorted([list(m) for m in marks], key=str)}, separators=(",", ":"))
    data = body.encode()
    if len(data) > size:
        raise ValueError("ballot longer than the poll's padded size")
    return data + b" " * (size - len(data))


def ballot_pad_size(questions: Sequence[tuple[int, Sequence[int]]]) -> int:
    """The padded length of a poll's ballots: the longest ballot its questions allow (every option
    marked, with the longest mark), rounded up to 64 bytes. ``questions``: (question id, option ids);
    a yes/no question has no option ids."""
    marks: list[list[Any]] = []
    for question, options in questions:
        if options:
            marks.extend([question, option, "abstain"] for option in options)
        else:
            marks.append([question, None, "abstain"])
    longest = len(json.dumps({"k": "valid", "m": marks}, separators=(",", ":")).encode())
    return (longest // 64 + 1) * 64


def seal(public_key: bytes, plaintext: bytes) -> bytes:
    return bytes(nacl.public.SealedBox(nacl.public.PublicKey(public_key)).encrypt(plaintext))


def opener(private_key: bytes) -> nacl.public.SealedBox[nacl.public.PrivateKey]:
    return nacl.public.SealedBox(nacl.public.PrivateKey(private_key))


def ballot_open(box: nacl.public.SealedBox[nacl.public.PrivateKey], sealed: bytes) -> dict[str, Any]:
    """The ballot inside ``sealed``: {"k": kind, "m": marks}. Raises SealingError 'corrupt'."""
    try:
        data = json.loads(box.decrypt(sealed).rstrip(b" "))
    except (nacl.exceptions.CryptoError, ValueError) as error:
        raise SealingError("corrupt") from error
    if not isinstance(data, dict) or not isinstance(data.get("m"), list):
        raise SealingError("corrupt")
    return data


TRACKER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def tracker(sealed: bytes) -> str:
    """The voter's tracker: the first 60 bits of the sealed ballot's SHA-256 in the receipts'
    alphabet, ``K7QF-9M2X-3HTW``. It proves the ballot is in the box, and says nothing of its content."""
    number = int.from_bytes(hashlib.sha256(sealed).digest()[:8], "big")
    chars = []
    for _i in range(12):
        number, digit = divmod(number, len(TRACKER_ALPHABET))
        chars.append(TRACKER_ALPHABET[digit])
    raw = "".join(chars)
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))
