"""Lecture persistence, behind one interface."""

from app.core.config import DatabaseBackend, Settings
from app.repository.base import DuplicateEmail, LectureRepository

__all__ = ["DuplicateEmail", "LectureRepository", "create_repository"]


def create_repository(settings: Settings) -> LectureRepository:
    match settings.database_backend:
        case DatabaseBackend.SQLITE:
            from app.repository.sqlite import SqliteLectureRepository

            return SqliteLectureRepository(settings.sqlite_path)
        case DatabaseBackend.EDGEDB:
            from app.repository.edgedb import EdgeDBLectureRepository

            return EdgeDBLectureRepository(settings.gel_dsn)
