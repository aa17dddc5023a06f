"""The notes stages over a Chinese lecture longer than the model's context, with the real model:
before sentences ended at Chinese full stops, the whole lecture was one sentence and the model
was asked for more tokens than its context holds."""

from pathlib import Path

import pytest

from app.models import GlossaryEntry, Segment
from app.notes.glossary import extract_glossary
from app.notes.llm import LanguageModel
from app.notes.sentences import Sentence, split_sentences, transcript_text
from app.notes.summary import write_summary
from app.notes.templates import DEFAULT_TEMPLATE, TemplateLibrary

CONTEXT_TOKENS = 2048
LECTURE = [
    "今天我们讨论计算机网络的基本概念。",
    "协议是一组规则，它规定了设备之间如何交换数据。",
    "带宽是指一条链路每秒能够传输的数据量。",
    "延迟是指一条消息从发送方到达接收方所需要的时间。",
    "路由器是一种在不同网络之间转发数据包的设备。",
    # Chinese lectures quote English textbooks as spoken: Whisper writes no space after "。".
    "课本上的英文定义是这样写的。A router is a device that forwards packets between networks.",
    "交换机在同一个局域网内部转发数据帧。",
    "域名系统把容易记住的名字翻译成地址。",
    "传输控制协议保证数据按顺序、完整地到达。",
    "用户数据报协议更简单，但是不保证可靠传输。",
    "为什么视频通话常常使用用户数据报协议？",
    "因为晚到的数据已经没有用了！",
    "下一节课我们会讨论网络安全和加密。",
]


@pytest.fixture(scope="module")
def llm() -> LanguageModel:
    return LanguageModel.load(
        "offline-smollm2",
        context_tokens=CONTEXT_TOKENS,
        gpu_layers=0,
        threads=0,
        cache_dir=Path("/tmp/llm-cache"),
    )


@pytest.fixture(scope="module")
def segments() -> list[Segment]:
    """The lecture said eight times, the last time as Whisper sometimes writes Chinese: with
    no full stops at all, one long run of clauses."""
    said = [*LECTURE * 7, *(line.rstrip("。？！") for line in LECTURE)]
    return [Segment(i, i * 4.0, i * 4.0 + 4.0, text) for i, text in enumerate(said)]


@pytest.fixture(scope="module")
def sentences(segments: list[Segment]) -> list[Sentence]:
    return split_sentences(segments)


@pytest.fixture(scope="module")
def glossary(sentences: list[Sentence], llm: LanguageModel) -> list[GlossaryEntry]:
    return extract_glossary(sentences, "zh", llm)


def test_the_lecture_is_longer_than_the_context(llm: LanguageModel, segments: list[Segment]):
    assert llm.count_tokens(transcript_text(segments)) > CONTEXT_TOKENS


def test_glossary_completes_with_quotes_from_the_transcript(
    glossary: list[GlossaryEntry], segments: list[Segment]
):
    text = transcript_text(segments)
    quotes = {entry.term: entry.quote for entry in glossary}
    assert quotes["router"] == "A router is a device that forwards packets between networks."
    assert all(quote in text for quote in quotes.values())


def test_summary_completes_with_key_ideas_from_the_transcript(
    sentences: list[Sentence],
    glossary: list[GlossaryEntry],
    llm: LanguageModel,
    segments: list[Segment],
):
    summary = write_summary(
        title="计算机网络",
        sentences=sentences,
        glossary=glossary,
        language="zh",
        templates=TemplateLibrary(),
        template_name=DEFAULT_TEMPLATE,
    )
    text = transcript_text(segments)
    assert summary.sections["topic"].startswith("计算机网络")
    assert summary.sections["key_ideas"]
    # Sentences of the transcript, as said (an English one's first letter may be capitalised).
    assert all(idea[1:] in text for idea in summary.sections["key_ideas"])
