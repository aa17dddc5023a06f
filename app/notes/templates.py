"""Summary templates: Markdown files with Jinja placeholders, built in or added by a deployer."""

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

BUILTIN_DIR = Path(__file__).parent / "templates"
DEFAULT_TEMPLATE = "default"
NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class TemplateNotFound(LookupError):
    pass


class TemplateLibrary:
    """Templates by name; a deployer's directory comes first, so it can also override built-ins."""

    def __init__(self, extra_dir: Path | None = None) -> None:
        self.dirs = [d for d in (extra_dir, BUILTIN_DIR) if d is not None]
        self.environment = Environment(
            loader=FileSystemLoader([str(d) for d in self.dirs]),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            autoescape=False,  # Markdown, not HTML: the dashboard sanitises when it renders.
        )

    def names(self) -> list[str]:
        found = {path.stem for d in self.dirs if d.is_dir() for path in d.glob("*.md")}
        return sorted(name for name in found if NAME.match(name))

    def get(self, name: str) -> Template:
        if name not in self.names():
            raise TemplateNotFound(
                f"There is no summary template named {name!r}; "
                f"available: {', '.join(self.names())}."
            )
        return self.environment.get_template(f"{name}.md")
