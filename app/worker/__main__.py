"""`python -m app.worker`: run one worker until SIGINT/SIGTERM."""

from app.core.config import get_settings
from app.core.logging import configure_logging
from app.worker.settings import create_worker


def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level)
    create_worker(settings).run()


if __name__ == "__main__":
    main()
