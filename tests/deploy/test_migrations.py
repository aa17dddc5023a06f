"""The Gel migration files and the release step that applies them, checked without a Gel server.

Migration ids follow the rule of the Gel CLI and server (edgeql-parser's hash.rs); the reference
vectors below are the ones that file tests itself with.
"""

import re
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.accounts.models import Role
from app.lifecycle import LectureStatus, Stage
from app.repository import migrate_edgedb
from app.repository.migrate_edgedb import (
    DBSCHEMA_DIR,
    MIGRATIONS_DIR,
    DataLossRefused,
    MigrationFile,
    MigrationFileError,
    SchemaMismatch,
    apply_migrations,
    data_losing_statements,
    edgeql_tokens,
    load_migrations,
    migration_id,
    verify_schema,
)

PARENT = "m1g3qzqdr57pp3w2mdwdkq4g7dq4oefawqdavzgeiov7fiwntpb3lq"


@pytest.mark.parametrize(
    ("parent", "body", "expected"),
    [
        ("initial", "    \n   ", "m1tjyzfl33vvzwjd5izo5nyp4zdsekyvxpdm7zhtt5ufmqjzczopdq"),
        ("initial", "CREATE TYPE Type1;", "m1q3jjfe7zjl74v3n2vxjwzneousdas6vvd4qwrfd6j6xmhmktyada"),
        (
            PARENT,
            "\n  CREATE TYPE Type1;\n",
            "m1fvpcra5cxntkss3k2to2yfu7pit3t3owesvdw2nysqvvpihdiszq",
        ),
        # Keywords are hashed as written, not normalized.
        (PARENT, "CREATE type Type1;", "m1ddghtidugdk3mazwfzpfblqzuoqvsxpivgy2fbq4vywykab7z5rq"),
        (PARENT, "creATE TyPe Type1;", "m1oc32ytxeqlvxeyps3ozqiqazy2duuz5bcqog7nkhubmkbsjgf4vq"),
    ],
)
def test_migration_id_matches_gels_reference_vectors(parent: str, body: str, expected: str) -> None:
    assert migration_id(parent, body) == expected


def test_whitespace_and_comments_do_not_change_a_migration_id() -> None:
    body = "CREATE TYPE default::A { CREATE PROPERTY b: std::str; };"
    spaced = "\n  # a note\n  CREATE TYPE default::A {\n      CREATE PROPERTY b : std::str;\n  };\n"

    assert migration_id("initial", spaced) == migration_id("initial", body)
    assert migration_id("initial", body.replace("b:", "c:")) != migration_id("initial", body)


def test_tokens_keep_strings_and_multi_character_operators_whole() -> None:
    text = "SET default := (<std::str>'a # b; DROP TYPE x'); .<lecture[IS T] ?!= $$x$$"

    assert [token.text for token in edgeql_tokens(text)] == [
        "SET", "default", ":=", "(", "<", "std", "::", "str", ">", "'a # b; DROP TYPE x'", ")",
        ";", ".<", "lecture", "[", "IS", "T", "]", "?!=", "$$x$$",
    ]  # fmt: skip


def test_unknown_characters_are_refused_rather_than_hashed() -> None:
    with pytest.raises(MigrationFileError, match="unexpected character '\\$' on line 2"):
        migration_id("initial", "SELECT 1;\nSELECT $x;")


def test_the_shipped_migrations_form_one_history_from_an_empty_database() -> None:
    migrations = load_migrations()

    assert [m.number for m in migrations] == list(range(1, len(migrations) + 1))
    assert len(migrations) >= 3
    assert [m.parent for m in migrations] == ["initial"] + [m.name for m in migrations[:-1]]
    for migration in migrations:
        assert migration.name == migration_id(migration.parent, migration.body)
        assert migration.path.name == f"{migration.number:05}-{migration.name[:7]}.edgeql"
        assert migration.text.startswith(f"CREATE MIGRATION {migration.name}\n    ONTO ")


def test_the_shipped_migrations_lose_no_data() -> None:
    for migration in load_migrations():
        assert data_losing_statements(migration.body) == [], migration.path.name


def declared_pointers_in_sdl(text: str) -> set[tuple[str, str]]:
    """(type, pointer) for every property and link default.esdl declares."""
    pointers, current_type = set(), None
    for line in text.splitlines():
        if match := re.match(r"\s*type (\w+) \{", line):
            current_type = match[1]
        elif current_type and (match := re.match(r"\s{8}(?:required |multi )*(\w+)\s*:", line)):
            pointers.add((current_type, match[1]))
    return pointers


def created_pointers_in_migrations(migrations: list[MigrationFile]) -> set[tuple[str, str]]:
    pointers = set()
    for migration in migrations:
        current_type = None
        for line in migration.body.splitlines():
            if match := re.match(r"  (?:CREATE|ALTER) TYPE default::(\w+)", line):
                current_type = match[1]
            elif match := re.match(r"\s{6}CREATE .*(?:PROPERTY|LINK) (\w+)", line):
                pointers.add((current_type, match[1]))
    return pointers


def test_the_migrations_create_every_pointer_of_default_esdl_and_no_other() -> None:
    declared = declared_pointers_in_sdl((DBSCHEMA_DIR / "default.esdl").read_text())

    assert ("TranscriptionCheckpoint", "context") in declared
    assert {("Lecture", "owner_id"), ("User", "email"), ("ApiToken", "user")} <= declared
    assert created_pointers_in_migrations(load_migrations()) == declared


def test_the_schemas_enums_are_the_applications() -> None:
    sdl = (DBSCHEMA_DIR / "default.esdl").read_text()
    enums = re.findall(r"scalar type (\w+) extending enum<([^>]*)>;", sdl)

    assert {name: members.split(", ") for name, members in enums} == {
        enum.__name__: [member.value for member in enum] for enum in (LectureStatus, Stage, Role)
    }


def write_history(directory: Path, bodies: list[str]) -> list[Path]:
    """Migration files as the Gel CLI writes them, one per body, each onto the previous one."""
    directory.mkdir(parents=True, exist_ok=True)
    parent, paths = "initial", []
    for number, body in enumerate(bodies, start=1):
        name = migration_id(parent, body)
        path = directory / f"{number:05}-{name[:7]}.edgeql"
        path.write_text(f"CREATE MIGRATION {name}\n    ONTO {parent}\n{{\n{body}}};\n")
        paths.append(path)
        parent = name
    return paths


BODIES = [
    "  CREATE TYPE default::Note {\n      CREATE PROPERTY text: std::str;\n  };\n",
    "  ALTER TYPE default::Note {\n      CREATE PROPERTY title: std::str;\n  };\n",
]


def test_an_edited_migration_is_refused_by_its_id(tmp_path: Path) -> None:
    _, second = write_history(tmp_path, BODIES)
    second.write_text(second.read_text().replace("title", "heading"))

    with pytest.raises(MigrationFileError, match="hashes to m1"):
        load_migrations(tmp_path)


def test_a_gap_in_the_numbering_is_refused(tmp_path: Path) -> None:
    _, second = write_history(tmp_path, BODIES)
    second.rename(second.with_name(second.name.replace("00002", "00003")))

    with pytest.raises(MigrationFileError, match="expected migration number 00002"):
        load_migrations(tmp_path)


def test_a_migration_onto_the_wrong_parent_is_refused(tmp_path: Path) -> None:
    _, second = write_history(tmp_path, BODIES)
    second.unlink()
    name = migration_id("initial", BODIES[1])
    (tmp_path / f"00002-{name[:7]}.edgeql").write_text(
        f"CREATE MIGRATION {name}\n    ONTO initial\n{{\n{BODIES[1]}}};\n"
    )

    with pytest.raises(MigrationFileError, match="is ONTO initial, the previous file is m1"):
        load_migrations(tmp_path)


def test_a_file_not_named_by_its_id_is_refused(tmp_path: Path) -> None:
    first, _ = write_history(tmp_path, BODIES)
    first.rename(first.with_name("00001-m1aaaaa.edgeql"))

    with pytest.raises(MigrationFileError, match="file name does not start with the id"):
        load_migrations(tmp_path)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "ALTER TYPE default::Lecture {\n  DROP PROPERTY error;\n};",
            ["ALTER TYPE default::Lecture: DROP PROPERTY error"],
        ),
        ("DROP TYPE default::Summary;", ["DROP TYPE default::Summary"]),
        ("DROP SCALAR TYPE default::Stage;", ["DROP SCALAR TYPE default::Stage"]),
        (
            "ALTER TYPE default::Lecture { DROP LINK summary; DROP INDEX ON (.status); };",
            ["ALTER TYPE default::Lecture: DROP LINK summary"],
        ),
        (
            "ALTER TYPE default::Segment { ALTER PROPERTY position {"
            " SET TYPE std::int16 USING (<std::int16>.position); }; };",
            [
                "ALTER TYPE default::Segment: ALTER PROPERTY position: "
                "SET TYPE std::int16 USING (<std::int16>.position)"
            ],
        ),
        (
            "ALTER TYPE default::Lecture { ALTER LINK segments { SET SINGLE USING (1); }; };",
            ["ALTER TYPE default::Lecture: ALTER LINK segments: SET SINGLE USING (1)"],
        ),
        (
            "DELETE default::Segment FILTER .position > 10;",
            ["DELETE default::Segment FILTER .position > 10"],
        ),
        ("DROP MODULE legacy;", ["DROP MODULE legacy"]),
        # Dropped objects that hold no data, and DROP/DELETE that are not statements.
        (
            "ALTER TYPE default::Lecture {\n"
            "  DROP INDEX ON (.status);\n"
            "  ALTER PROPERTY size_bytes { DROP CONSTRAINT std::min_value(0); DROP REQUIRED; };\n"
            "  DROP ANNOTATION std::description;\n"
            "  # DROP PROPERTY title; in a comment\n"
            "  CREATE REQUIRED LINK owner: default::User {\n"
            "    ON TARGET DELETE DELETE SOURCE;\n"
            "    SET REQUIRED USING (<default::User>{});\n"
            "  };\n"
            "  CREATE PROPERTY note: std::str { SET default := 'DROP TYPE x'; };\n"
            "};\n"
            "DROP ABSTRACT CONSTRAINT default::positive;\n"
            "DROP FUNCTION default::f(x: std::int64);",
            [],
        ),
    ],
)
def test_data_losing_statements(body: str, expected: list[str]) -> None:
    assert data_losing_statements(body) == expected


class FakeGel:
    """A database's migration history, kept as Gel keeps it: each migration must be onto the head."""

    def __init__(self, history: list[str] | None = None) -> None:
        self.history = history or []
        self.executed: list[str] = []

    async def query(self, query: str) -> list[SimpleNamespace]:
        assert query == "select schema::Migration { name, parents: { name } }"
        return [
            SimpleNamespace(
                name=name, parents=[SimpleNamespace(name=self.history[i - 1])] if i else []
            )
            for i, name in enumerate(self.history)
        ]

    async def transaction(self) -> AsyncIterator["FakeGel"]:
        yield self

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    async def execute(self, text: str) -> None:
        match = re.match(r"CREATE MIGRATION (\S+)\s+ONTO (\S+)", text)
        assert match, text
        head = self.history[-1] if self.history else "initial"
        assert match[2] == head, f"Gel refuses a migration onto {match[2]}: the head is {head}"
        self.history.append(match[1])
        self.executed.append(text)


async def test_verify_accepts_the_database_at_the_last_migration() -> None:
    migrations = load_migrations()

    await verify_schema(FakeGel([m.name for m in migrations]), migrations)


async def test_verify_asks_for_the_migrate_step_when_the_database_is_behind() -> None:
    migrations = load_migrations()
    first, last = migrations[0].name, migrations[-1].name

    with pytest.raises(SchemaMismatch) as behind:
        await verify_schema(FakeGel([first]), migrations)
    with pytest.raises(SchemaMismatch) as empty:
        await verify_schema(FakeGel(), migrations)

    assert str(behind.value) == (
        f"the database schema is at {first}, this release expects {last}: run the migrate step "
        "(`python -m app.repository.migrate_edgedb`, docs/deploy.md) before starting it"
    )
    assert str(empty.value).startswith("the database schema is at initial, this release expects")


async def test_verify_refuses_a_database_a_newer_release_migrated() -> None:
    migrations = load_migrations()
    newer = [m.name for m in migrations] + [migration_id(migrations[-1].name, "CREATE TYPE X;")]

    with pytest.raises(SchemaMismatch, match="which this release does not know"):
        await verify_schema(FakeGel(newer), migrations)


async def test_verify_refuses_a_forked_history() -> None:
    database = FakeGel(["m1a"])

    async def forked(query: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(name="m1a", parents=[]), SimpleNamespace(name="m1b", parents=[])]

    database.query = forked
    with pytest.raises(SchemaMismatch, match="forks"):
        await verify_schema(database, load_migrations())


async def test_apply_brings_an_empty_database_to_the_last_migration_once() -> None:
    migrations = load_migrations()
    database = FakeGel()
    reports: list[str] = []

    applied = await apply_migrations(database, migrations, report=reports.append)
    again = await apply_migrations(database, migrations, report=reports.append)

    assert applied == migrations and again == []
    assert database.executed == [m.text for m in migrations]
    await verify_schema(database, migrations)
    assert reports == [f"applied {m.path.name} ({m.name})" for m in migrations] + [
        f"the database is at the latest migration, {migrations[-1].path.name} ({migrations[-1].name})"
    ]


async def test_apply_applies_only_what_the_database_lacks() -> None:
    migrations = load_migrations()
    database = FakeGel([migrations[0].name])

    applied = await apply_migrations(database, migrations, report=lambda _: None)

    assert applied == migrations[1:]
    assert database.history == [m.name for m in migrations]


async def test_apply_refuses_to_lose_data_unless_allowed(tmp_path: Path) -> None:
    write_history(
        tmp_path, [*BODIES, "  ALTER TYPE default::Note {\n      DROP PROPERTY text;\n  };\n"]
    )
    migrations = load_migrations(tmp_path)
    database = FakeGel()

    with pytest.raises(DataLossRefused) as refused:
        await apply_migrations(database, migrations, report=lambda _: None)
    assert database.history == []
    assert (
        f"{migrations[2].path.name} ({migrations[2].name}): ALTER TYPE default::Note: DROP PROPERTY text"
        in str(refused.value)
    )
    assert "--allow-data-loss" in str(refused.value)

    await apply_migrations(database, migrations, allow_data_loss=True, report=lambda _: None)
    assert database.history == [m.name for m in migrations]


async def test_apply_refuses_a_database_a_newer_release_migrated() -> None:
    migrations = load_migrations()
    database = FakeGel([m.name for m in migrations] + ["m1newer"])

    with pytest.raises(SchemaMismatch, match="nothing was applied"):
        await apply_migrations(database, migrations, report=lambda _: None)
    assert database.executed == []


async def test_the_command_checks_then_migrates(monkeypatch: pytest.MonkeyPatch) -> None:
    database = FakeGel()

    async def connected() -> None:
        return None

    async def closed() -> None:
        return None

    database.ensure_connected, database.aclose = connected, closed
    monkeypatch.setattr(migrate_edgedb.gel, "create_async_client", lambda dsn: database)
    monkeypatch.setattr(migrate_edgedb, "configure_logging", lambda level: None)
    last = load_migrations(MIGRATIONS_DIR)[-1].name

    assert await migrate_edgedb.run(["--check"]) == 1
    assert database.history == []
    assert await migrate_edgedb.run([]) == 0
    assert database.history[-1] == last
    assert await migrate_edgedb.run(["--check"]) == 0
