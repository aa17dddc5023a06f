"""`python -m app.worker`: run one worker until SIGINT/SIGTERM; exit 1 at once if it cannot start."""

import logging
import os
import sys

from app.core.config import get_settings
from app.core.logging import configure_logging
from app.worker.settings import StartupFailed, create_worker

logger = logging.getLogger("app.worker")


def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level)
    try:
        create_worker(settings).run()
    except StartupFailed as exc:
        logger.critical("the worker could not start: %s", exc, exc_info=exc.__cause__)
        sys.stdout.flush()
        sys.stderr.flush()
        # Not sys.exit: interpreter exit waits for every thread, and the other model may still be
        # loading in one (a download of gigabytes, say) that nothing can interrupt. arq has already
        # closed the connections (Worker.run's `finally`).
        os._exit(1)


if __name__ == "__main__":
    main()
