"""The service's first admin: from FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD, or, on a development
machine with neither, made up once so that `scripts/dev` needs no manual step."""

import logging
import os
from pathlib import Path

from app.core.config import Environment, Settings
from app.repository import DuplicateEmail
from app.services.accounts import Accounts, generated_password

logger = logging.getLogger(__name__)

DEVELOPMENT_ADMIN_EMAIL = "admin@konspekt.localhost"


class FirstAdminMisconfigured(ValueError):
    pass


def credentials_file(settings: Settings) -> Path:
    return settings.data_dir / "first-admin.txt"


async def ensure_first_admin(accounts: Accounts, settings: Settings) -> None:
    email, password = settings.first_admin_email, settings.first_admin_password
    if bool(email) != bool(password):
        raise FirstAdminMisconfigured(
            "Set both FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD, or neither."
        )
    if email and password:
        await _create_quietly(accounts, email, password.get_secret_value())
        return
    if await accounts.repository.list_users():
        return
    if settings.environment is not Environment.DEVELOPMENT:
        logger.warning(
            "No account exists yet: set FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD and restart."
        )
        return
    password = generated_password()
    if await _create_quietly(accounts, DEVELOPMENT_ADMIN_EMAIL, password):
        _keep_development_credentials(settings, password)


async def _create_quietly(accounts: Accounts, email: str, password: str) -> bool:
    """Another API process starting beside this one may create the same admin first."""
    try:
        admin = await accounts.ensure_first_admin(email, password)
    except DuplicateEmail:
        return False
    if admin is not None:
        logger.info("created the first admin", extra={"email": admin.email})
    return admin is not None


def _keep_development_credentials(settings: Settings, password: str) -> None:
    path = credentials_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"email: {DEVELOPMENT_ADMIN_EMAIL}\npassword: {password}\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    print(
        f"\nkonspekt: created an admin for development. Sign in with\n{text}(kept in {path})\n",
        flush=True,
    )
