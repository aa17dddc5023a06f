"""Structured logs: one JSON object per line on stdout, carrying the lecture being worked on."""

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_lecture_id: ContextVar[str | None] = ContextVar("lecture_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged too.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

# Loggers that libraries configure with handlers of their own; they must go through ours instead.
_LIBRARY_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "arq", "arq.worker", "arq.jobs")


@contextmanager
def bind_lecture(lecture_id: str) -> Iterator[None]:
    """Every log line inside the block, in this task and the threads it starts, names `lecture_id`."""
    token = _lecture_id.set(lecture_id)
    try:
        yield
    finally:
        _lecture_id.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "lecture_id": _lecture_id.get(),
            "message": record.getMessage(),
        }
        entry.update(
            (key, value) for key, value in vars(record).items() if key not in _RECORD_ATTRIBUTES
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send every logger's records, libraries' included, to stdout as JSON lines."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in _LIBRARY_LOGGERS:
        library_logger = logging.getLogger(name)
        library_logger.handlers.clear()
        library_logger.propagate = True
