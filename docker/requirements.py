"""Print the requirements an image installs, one per line: `python requirements.py api|worker`.

Both Dockerfiles and tests/deploy/test_api_image.py read them from here, so the images' dependency
sets come from pyproject.toml alone. api: the base dependencies. worker: those and the `worker`
extra, less llama-cpp-python, which the worker image compiles itself with its target's CMake flags.
Reads pyproject.toml from the current directory; needs only the standard library.
"""

import sys
import tomllib
from pathlib import Path

COMPILED_BY_THE_IMAGE = "llama-cpp-python"


def requirements(role: str, pyproject: Path = Path("pyproject.toml")) -> list[str]:
    project = tomllib.loads(pyproject.read_text())["project"]
    if role == "api":
        return list(project["dependencies"])
    if role == "worker":
        extra = project["optional-dependencies"]["worker"]
        return project["dependencies"] + [
            line for line in extra if not line.startswith(COMPILED_BY_THE_IMAGE)
        ]
    raise SystemExit(f"unknown image {role!r}: expected api or worker")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python requirements.py api|worker")
    print("\n".join(requirements(sys.argv[1])))
