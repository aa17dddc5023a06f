"""The arq task: thin on purpose, the work lives in app.pipeline."""

from typing import Any

from app.pipeline.runner import LecturePipeline


async def process_lecture(ctx: dict[str, Any], lecture_id: str) -> None:
    pipeline: LecturePipeline = ctx["pipeline"]
    await pipeline.run(lecture_id)
