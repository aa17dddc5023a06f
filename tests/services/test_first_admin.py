"""The first admin: from the environment, or made up once on a development machine; either way
it receives the lectures from before accounts."""

import stat
from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.auth.login_guard import LoginGuard
from app.auth.passwords import verify_password
from app.core.config import Settings
from app.models import Lecture
from app.repository.sqlite import SqliteLectureRepository
from app.services.accounts import Accounts
from app.services.first_admin import (
    DEVELOPMENT_ADMIN_EMAIL,
    FirstAdminMisconfigured,
    credentials_file,
    ensure_first_admin,
)


@pytest.fixture
async def accounts(tmp_path):
    repository = SqliteLectureRepository(tmp_path / "db.sqlite3")
    await repository.connect()
    guard = LoginGuard("redis://127.0.0.1:1/0", per_account="5/minute", per_address="5/minute")
    yield Accounts(
        repository, secret_key="k" * 32, access_token_lifetime=timedelta(hours=1), guard=guard
    )
    await repository.close()


def settings(tmp_path, **values) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", **values)


async def test_the_configured_admin_is_created_once_and_adopts_older_lectures(tmp_path, accounts):
    older = Lecture(
        id="before-accounts",
        title="t",
        filename="f.mp3",
        storage_key="k",
        size_bytes=1,
        content_sha256="-",
        requested_language="en",
        template="default",
        created_at=datetime.now(UTC),
    )
    await accounts.repository.add_lecture(older)
    configured = settings(
        tmp_path, first_admin_email="Head@School.test", first_admin_password="a-long-password"
    )

    await ensure_first_admin(accounts, configured)
    await ensure_first_admin(accounts, configured)  # a restart changes nothing

    [admin] = await accounts.repository.list_users()
    assert (admin.email, admin.role, admin.is_active) == ("head@school.test", Role.ADMIN, True)
    assert (await accounts.repository.get_lecture("before-accounts")).owner_id == admin.id
    assert not credentials_file(configured).exists()


async def test_development_without_configuration_makes_up_an_admin_and_keeps_its_password(
    tmp_path, accounts, capsys
):
    development = settings(tmp_path)

    await ensure_first_admin(accounts, development)
    await ensure_first_admin(accounts, development)

    [admin] = await accounts.repository.list_users()
    kept = credentials_file(development)
    password = kept.read_text().split("password: ")[1].strip()
    assert admin.email == DEVELOPMENT_ADMIN_EMAIL
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert capsys.readouterr().out.count(password) == 1  # printed once, at creation
    assert verify_password(password, admin.password_hash)


async def test_half_a_configuration_is_an_error(tmp_path, accounts):
    with pytest.raises(FirstAdminMisconfigured, match="FIRST_ADMIN_PASSWORD"):
        await ensure_first_admin(accounts, settings(tmp_path, first_admin_email="a@b.test"))
