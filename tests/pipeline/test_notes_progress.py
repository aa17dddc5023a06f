"""The glossary and summary stages report progress as the language model reads the transcript,
instead of the bar sitting at the stage's start and then jumping."""

import pytest

from app.lifecycle import STAGE_SPANS, Stage
from app.notes.llm import LanguageModel
from app.pipeline.runner import Outcome
from tests.conftest import FIXTURES
from tests.pipeline.conftest import add_lecture, run_lecture


@pytest.fixture(scope="module")
def small_context_llm(tmp_path_factory) -> LanguageModel:
    # A small context makes the 2-minute fixture span several windows.
    return LanguageModel.load(
        "offline-smollm2",
        context_tokens=512,
        gpu_layers=0,
        threads=0,
        cache_dir=tmp_path_factory.mktemp("llm"),
    )


class ReportRecorder:
    """The real repository, noting every (stage, progress) the lecture's status moves through."""

    def __init__(self, repository) -> None:
        self._repository = repository
        self.reports: list[tuple[Stage, float]] = []

    def __getattr__(self, name):
        return getattr(self._repository, name)

    async def transition(self, lecture_id, change):
        updated = await self._repository.transition(lecture_id, change)
        if updated is not None:
            self.reports.append((updated.stage, updated.progress))
        return updated


def within(reports: list[tuple[Stage, float]], stage: Stage) -> list[float]:
    low, high = STAGE_SPANS[stage]
    return [progress for s, progress in reports if s is stage and low < progress <= high]


async def test_glossary_and_summary_report_progress_window_by_window(pipeline, small_context_llm):
    pipeline.llm = small_context_llm
    recorder = pipeline.repository = ReportRecorder(pipeline.repository)
    await add_lecture(pipeline, "progress", FIXTURES / "lecture_networks.mp3")

    assert await run_lecture(pipeline, "progress") is Outcome.DONE

    glossary, summary = (
        within(recorder.reports, Stage.GLOSSARY),
        within(recorder.reports, Stage.SUMMARY),
    )
    assert len(glossary) >= 2 and len(summary) >= 2
    assert glossary == sorted(glossary) and summary == sorted(summary)
    assert glossary[-1] == STAGE_SPANS[Stage.GLOSSARY][1]
    stages = [stage for stage, _ in recorder.reports]
    assert stages.index(Stage.SUMMARY) > max(i for i, s in enumerate(stages) if s is Stage.GLOSSARY)
