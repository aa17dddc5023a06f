"""How far along a lecture is: each stage owns a slice of the overall 0..1 progress."""

from app.models import Stage

STAGE_SPANS: dict[Stage, tuple[float, float]] = {
    Stage.QUEUED: (0.0, 0.0),
    Stage.TRANSCRIBING: (0.0, 0.85),
    Stage.GLOSSARY: (0.85, 0.93),
    Stage.SUMMARY: (0.93, 1.0),
    Stage.DONE: (1.0, 1.0),
}


def overall_progress(stage: Stage, stage_fraction: float) -> float:
    low, high = STAGE_SPANS[stage]
    return round(low + (high - low) * min(max(stage_fraction, 0.0), 1.0), 4)
