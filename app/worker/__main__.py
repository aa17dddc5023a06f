"""`python -m app.worker`: run one worker until SIGINT/SIGTERM."""

import logging

from app.worker.settings import create_worker


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    create_worker().run()


if __name__ == "__main__":
    main()
