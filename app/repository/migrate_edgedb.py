"""Bring a Gel (EdgeDB) database to dbschema/default.esdl: `python -m app.repository.migrate_edgedb`.

The repository does the same at start-up, so a deployer needs this only to migrate ahead of a release.
"""

import asyncio
import json
import logging
from pathlib import Path

import gel

from app.core.config import get_settings
from app.core.logging import configure_logging

DBSCHEMA_DIR = Path(__file__).resolve().parents[2] / "dbschema"

logger = logging.getLogger(__name__)


def schema_sdl() -> str:
    return "\n".join(path.read_text() for path in sorted(DBSCHEMA_DIR.glob("*.esdl")))


async def apply_schema(client: gel.AsyncIOClient) -> bool:
    """Migrate the database to the schema files; returns whether anything changed.

    Runs in one transaction, so that an API and a worker starting together cannot both apply it:
    the loser's transaction is retried and then finds nothing left to do.
    """
    async for transaction in client.transaction():
        async with transaction:
            await transaction.execute(f"start migration to {{ {schema_sdl()} }};")
            await transaction.execute("populate migration;")
            plan = json.loads(
                await transaction.query_required_single("describe current migration as json;")
            )
            if plan["confirmed"]:
                await transaction.execute("commit migration;")
                changed = True
            else:
                # Committing an empty migration would add a no-op entry to the history at every start.
                await transaction.execute("abort migration;")
                changed = False
    return changed


async def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level)
    client = gel.create_async_client(settings.gel_dsn)
    try:
        await client.ensure_connected()
        changed = await apply_schema(client)
    finally:
        await client.aclose()
    logger.info("gel schema %s", "migrated" if changed else "already up to date")


if __name__ == "__main__":
    asyncio.run(main())
