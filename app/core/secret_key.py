"""SECRET_KEY: required and strong in production; in development, generated once and kept."""

import os
import secrets
import tempfile
from pathlib import Path

from app.core.config import Environment, Settings

MIN_LENGTH = 32
# What .env.example ships with: a deployment that kept it has no secret at all.
PLACEHOLDER = "change-me-to-a-random-string-of-at-least-32-characters"
GENERATE_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


class SecretKeyRejected(ValueError):
    """The configured key would make signatures forgeable; the message says how to fix it."""


def resolve_secret_key(settings: Settings) -> str:
    """SECRET_KEY, or in development without one (or with the placeholder) DATA_DIR/secret_key.

    Raises SecretKeyRejected in production when the key is missing, short or the placeholder.
    """
    key = settings.secret_key.get_secret_value() if settings.secret_key else None
    if settings.environment is Environment.DEVELOPMENT:
        # A copy of .env.example must run as is for development, and not on a published key.
        return key if key and key != PLACEHOLDER else _kept_key(settings.data_dir / "secret_key")
    if key is None:
        problem = "is not set"
    elif key == PLACEHOLDER:
        problem = "is still the placeholder from .env.example"
    elif len(key) < MIN_LENGTH:
        problem = f"is shorter than {MIN_LENGTH} characters"
    else:
        return key
    raise SecretKeyRejected(
        f"SECRET_KEY {problem}; with ENVIRONMENT=production it must be a random string of at "
        f"least {MIN_LENGTH} characters. Generate one with: {GENERATE_COMMAND}"
    )


def _kept_key(path: Path) -> str:
    """Generated at the first call, then read: it survives restarts and every process shares it."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48))
            # link() refuses an existing target: when another process got there first, its key
            # wins, and it is only ever seen whole.
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_text().strip()
