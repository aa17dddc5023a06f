"""The Gel (EdgeDB) schema's release step: `python -m app.repository.migrate_edgedb`.

dbschema/migrations/ holds the schema's history as Gel CLI migration files. This step applies the ones
the database lacks, each in its own transaction, and refuses one that would lose data unless the
deployer passes --allow-data-loss. API and worker never migrate: at start they only verify that the
database is at the last file (`verify_schema`), so an older image restarting cannot undo a newer schema.
"""

import argparse
import asyncio
import base64
import hashlib
import logging
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gel

from app.core.config import get_settings
from app.core.logging import configure_logging

DBSCHEMA_DIR = Path(__file__).resolve().parents[2] / "dbschema"
MIGRATIONS_DIR = DBSCHEMA_DIR / "migrations"
INITIAL = "initial"
MIGRATE_COMMAND = "python -m app.repository.migrate_edgedb"

logger = logging.getLogger(__name__)

# How the Gel CLI names its files: the sequence number, then the id's first 7 characters.
FILE_NAME = re.compile(r"(?P<number>\d{5})-(?P<id_prefix>m1[a-z2-7]{5})\.edgeql")

# EdgeQL's tokens, as far as migration files use them; anything else is refused rather than guessed.
TOKEN = re.compile(
    r"""
      (?P<space>\s+|\#[^\n]*)
    | (?P<string>[rb]{0,2}'(?:\\.|[^'\\])*'|[rb]{0,2}"(?:\\.|[^"\\])*"|\$\$.*?\$\$)
    | (?P<name>[^\W\d]\w*|`(?:``|[^`])+`)
    | (?P<number>\d[\d_]*(?:\.\d[\d_]*)?(?:e[+-]?\d+)?n?)
    | (?P<operator>\?!=|:=|::|->|-=|\+=|\+\+|\?\?|\?=|\.<|//|<=|>=|!=|\*\*|[-+*/%^<>=&|@.,:;()\[\]{}])
    """,
    re.VERBOSE | re.DOTALL,
)

# DDL that drops an object holding no data: anything else a migration drops is taken to lose data.
SCHEMA_ONLY_DROPS = {
    "ACCESS",
    "ALIAS",
    "ANNOTATION",
    "CONSTRAINT",
    "FUNCTION",
    "GLOBAL",
    "INDEX",
    "REWRITE",
    "TRIGGER",
}


class MigrationFileError(ValueError):
    """dbschema/migrations/ is not a history the Gel CLI and server would accept."""


class SchemaMismatch(RuntimeError):
    """The database's schema is not the one this release's migration files end at."""


class DataLossRefused(RuntimeError):
    """A pending migration drops or converts stored data and --allow-data-loss was not given."""


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def edgeql_tokens(text: str) -> Iterator[Token]:
    """Split EdgeQL into tokens the way Gel's tokenizer does: whitespace and comments dropped."""
    position = 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:
            line = text.count("\n", 0, position) + 1
            raise MigrationFileError(f"unexpected character {text[position]!r} on line {line}")
        if match.lastgroup != "space":
            yield Token(match.group(), match.start(), match.end())
        position = match.end()


def migration_id(parent: str, body: str) -> str:
    """The id Gel derives from a migration's parent and the text between its braces.

    The same rule as the Gel CLI and server (edgeql-parser's `hash.rs`): SHA-256 over the parent and
    every token's text, each followed by a NUL byte; base32 without padding, lower case, after "m1".
    """
    digest = hashlib.sha256(b"CREATE\0MIGRATION\0ONTO\0" + parent.encode() + b"\0{\0")
    for token in edgeql_tokens(body):
        digest.update(token.text.encode() + b"\0")
    digest.update(b"}\0")
    return "m1" + base64.b32encode(digest.digest()).decode().rstrip("=").lower()


@dataclass(frozen=True, slots=True)
class MigrationFile:
    path: Path
    number: int
    name: str
    parent: str
    text: str
    body: str

    @property
    def label(self) -> str:
        return f"{self.path.name} ({self.name})"


def read_migration_file(path: Path) -> MigrationFile:
    """Parse `CREATE MIGRATION <name> ONTO <parent> { <body> };` as the Gel CLI writes it."""
    file_name = FILE_NAME.fullmatch(path.name)
    if file_name is None:
        raise MigrationFileError(
            f"{path.name}: not named as the Gel CLI names migrations (NNNNN-m1xxxxx.edgeql)"
        )
    text = path.read_text()
    tokens = list(edgeql_tokens(text))
    words = [token.text.upper() for token in tokens]
    if len(tokens) < 8 or words[:2] != ["CREATE", "MIGRATION"] or words[3] != "ONTO":
        raise MigrationFileError(
            f"{path.name}: does not start with CREATE MIGRATION <name> ONTO <parent>"
        )
    if [t.text for t in tokens[5:6] + tokens[-2:]] != ["{", "}", ";"]:
        raise MigrationFileError(f"{path.name}: the migration is not one `{{ … }};` block")
    return MigrationFile(
        path=path,
        number=int(file_name["number"]),
        name=tokens[2].text,
        parent=tokens[4].text,
        text=text,
        body=text[tokens[5].end : tokens[-2].start],
    )


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[MigrationFile]:
    """The migration files in order, checked to form one unbroken history from an empty database."""
    migrations = [read_migration_file(path) for path in sorted(directory.glob("*.edgeql"))]
    if not migrations:
        raise MigrationFileError(f"no migration files in {directory}")
    parent = INITIAL
    for expected_number, migration in enumerate(migrations, start=1):
        where = migration.path.name
        if migration.number != expected_number:
            raise MigrationFileError(f"{where}: expected migration number {expected_number:05}")
        if migration.parent != parent:
            raise MigrationFileError(
                f"{where}: is ONTO {migration.parent}, the previous file is {parent}"
            )
        computed = migration_id(migration.parent, migration.body)
        if migration.name != computed:
            raise MigrationFileError(
                f"{where}: named {migration.name}, but its content hashes to {computed}; "
                "an edited migration must get the new id (Gel refuses a mismatch)"
            )
        if not migration.name.startswith(FILE_NAME.fullmatch(where)["id_prefix"]):
            raise MigrationFileError(
                f"{where}: the file name does not start with the id {migration.name}"
            )
        parent = migration.name
    return migrations


def data_losing_statements(body: str) -> list[str]:
    """The DDL in a migration body that destroys stored data, as `ALTER TYPE x: DROP PROPERTY y`.

    Drops of types, properties, links, modules and anything not known to hold no data; type
    conversions (`SET TYPE`), multi to single (`SET SINGLE`) and `DELETE` statements.
    """
    tokens = list(edgeql_tokens(body))
    words = [token.text.upper() for token in tokens]

    def source(first: int, last: int) -> str:
        return " ".join(body[tokens[first].start : tokens[last].end].split())

    enclosing: list[str] = []
    statement_start = 0
    found = []
    for index, word in enumerate(words):
        if word == "{":
            enclosing.append(source(statement_start, index - 1))
            statement_start = index + 1
        elif word in {"}", ";"}:
            if word == "}" and enclosing:
                enclosing.pop()
            statement_start = index + 1
        elif _loses_data(words, index, statement_start):
            end = next(i for i in range(index, len(words)) if words[i] in {";", "{", "}"})
            found.append(": ".join([*enclosing, source(index, end - 1)]))
    return found


def _loses_data(words: Sequence[str], index: int, statement_start: int) -> bool:
    following = [word for word in words[index + 1 : index + 3] if word != "ABSTRACT"]
    match words[index]:
        case "DROP":
            return not following or following[0] not in SCHEMA_ONLY_DROPS | {"REQUIRED"}
        case "SET":
            return bool(following) and following[0] in {"TYPE", "SINGLE"}
        case "DELETE":
            return index == statement_start
    return False


async def applied_migration(client: Any) -> str:
    """The name of the database's last migration, or "initial" for an empty database."""
    rows = await client.query("select schema::Migration { name, parents: { name } }")
    parents = {parent.name for row in rows for parent in row.parents}
    heads = [row.name for row in rows if row.name not in parents]
    if len(heads) > 1:
        raise SchemaMismatch(f"the database's migration history forks: {sorted(heads)}")
    return heads[0] if heads else INITIAL


async def verify_schema(client: Any, migrations: Sequence[MigrationFile] | None = None) -> None:
    """Raise unless the database is at the last migration file; API and worker call this at start."""
    migrations = migrations if migrations is not None else load_migrations()
    expected = migrations[-1].name
    current = await applied_migration(client)
    if current == expected:
        return
    known = {migration.name for migration in migrations}
    if current in known or current == INITIAL:
        raise SchemaMismatch(
            f"the database schema is at {current}, this release expects {expected}: "
            f"run the migrate step (`{MIGRATE_COMMAND}`, docs/deploy.md) before starting it"
        )
    raise SchemaMismatch(
        f"the database schema is at {current}, which this release does not know (it expects "
        f"{expected}): a newer release migrated it; deploy that release, never an older image"
    )


async def pending_migrations(
    client: Any, migrations: Sequence[MigrationFile]
) -> list[MigrationFile]:
    current = await applied_migration(client)
    if current == INITIAL:
        return list(migrations)
    names = [migration.name for migration in migrations]
    if current not in names:
        raise SchemaMismatch(
            f"the database schema is at {current}, which is not among this release's migrations: "
            "it was migrated by a newer release; nothing was applied"
        )
    return list(migrations[names.index(current) + 1 :])


async def apply_migrations(
    client: Any,
    migrations: Sequence[MigrationFile],
    *,
    allow_data_loss: bool = False,
    report: Callable[[str], None] = logger.info,
) -> list[MigrationFile]:
    """Apply the pending migrations in order, one transaction each; returns those applied.

    Every pending migration is checked before the first is applied, so a refusal leaves the
    database as it was.
    """
    pending = await pending_migrations(client, migrations)
    losses = [
        f"{migration.label}: {statement}"
        for migration in pending
        for statement in data_losing_statements(migration.body)
    ]
    if losses and not allow_data_loss:
        raise DataLossRefused(
            "refusing to apply migrations that lose stored data:\n  "
            + "\n  ".join(losses)
            + "\nBack up the database, then rerun with --allow-data-loss to apply them."
        )
    for migration in pending:
        async for transaction in client.transaction():
            async with transaction:
                await transaction.execute(migration.text)
        report(f"applied {migration.label}")
    if not pending:
        report(f"the database is at the latest migration, {migrations[-1].label}")
    return pending


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=MIGRATE_COMMAND,
        description="Apply dbschema/migrations/ to the Gel database (GEL_DSN).",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="apply nothing; exit 1 unless the database is at the latest migration",
    )
    mode.add_argument(
        "--allow-data-loss",
        action="store_true",
        help="apply migrations that drop or convert stored data (back up first)",
    )
    return parser.parse_args(argv)


async def run(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    settings = get_settings()
    configure_logging(settings.log_level)
    migrations = load_migrations()
    client = gel.create_async_client(settings.gel_dsn)
    try:
        await client.ensure_connected()
        if arguments.check:
            await verify_schema(client, migrations)
            logger.info("the database is at the latest migration, %s", migrations[-1].label)
        else:
            await apply_migrations(client, migrations, allow_data_loss=arguments.allow_data_loss)
    except (SchemaMismatch, DataLossRefused) as error:
        logger.error("%s", error)
        return 1
    except gel.errors.ClientConnectionError as error:
        logger.error("cannot reach the Gel server (GEL_DSN): %s", error)
        return 1
    finally:
        await client.aclose()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(run()))
