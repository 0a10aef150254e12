"""The development key: random, made on the first start, kept in the instance's own data folder.

A fixed key in the repository would let anyone who has read the code sign what the key signs
(sessions, QR check-in codes, password-reset tokens). Production never comes here: it must be given
``SECRET_KEY`` (config.settings.prod refuses to start without one).
"""

import os
import secrets
from pathlib import Path

KEY_FILE_NAME = "secret_key"


def instance_secret_key(folder: Path) -> str:
    """The key stored in ``folder/secret_key``, made (readable by the owner only) when missing.

    Several processes start together under ``make run`` (web server, worker, voting clock): the
    file is created exclusively, so whoever loses the race reads the winner's key.
    """
    path = folder / KEY_FILE_NAME
    folder.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
        # An empty file left by a process killed between create and write: make it again.
        path.unlink(missing_ok=True)
        return instance_secret_key(folder)
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
