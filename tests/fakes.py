"""A scripted chat model (LangChain's fake) that records every prompt it is sent, and can be
held at a call until the test lets it go on (a check caught mid-run)."""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage

from workbench.llm.cache import CachedLLM
from workbench.llm.client import ChatLLM, Endpoint
from workbench.store.db import Database


def letter_reply(probs: dict[str, float]) -> AIMessage:
    """A one-token reply whose first-token alternatives carry the given probabilities."""
    top = [{"token": t, "logprob": math.log(p)} for t, p in probs.items() if p > 0]
    best = max(probs, key=lambda k: probs[k])
    return AIMessage(
        content=best,
        response_metadata={"logprobs": {"content": [{"token": best, "top_logprobs": top}]}},
        usage_metadata={"input_tokens": 300, "output_tokens": 1, "total_tokens": 301},
    )


def text_reply(text: str) -> AIMessage:
    return AIMessage(
        content=text, usage_metadata={"input_tokens": 200, "output_tokens": 30, "total_tokens": 230}
    )


@dataclass
class Hold:
    """Holds a scripted model at its call number ``at_call`` (0-based): ``reached`` is set when
    the call arrives, and the reply waits for ``release`` (at most a minute, so a failing test
    cannot hang the suite)."""

    at_call: int
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class RecordingFake(FakeMessagesListChatModel):
    """Replies in order; keeps (messages, call kwargs) of every call in ``calls``."""

    calls: list[tuple[list[BaseMessage], dict[str, Any]]] = []  # noqa: RUF012 (a pydantic field)
    hold: Any = None  # a Hold, or None

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):  # type: ignore[no-untyped-def]
        self.calls.append((list(messages), dict(kwargs)))
        if self.hold is not None and len(self.calls) == self.hold.at_call + 1:
            self.hold.reached.set()
            self.hold.release.wait(timeout=60)
        if self.i >= len(self.responses):
            raise AssertionError(f"fake model ran out of scripted replies after {self.i} calls")
        return super()._generate(messages, stop, run_manager, **kwargs)


def fake_llm(
    replies: list[AIMessage], db: Database, name: str = "fake-model", hold: Hold | None = None
) -> tuple[CachedLLM, RecordingFake]:
    """A fresh scripted model; ``name`` keys the reply cache, so a new name starts cold."""
    fake = RecordingFake(responses=replies, calls=[], hold=hold)
    endpoint = Endpoint("server", "http://127.0.0.1:9/v1", "fake", "unused", name)
    return CachedLLM(ChatLLM(endpoint, chat_model=fake), db), fake


class StepFake(FakeMessagesListChatModel):
    """Replies by step, not by order: the verdict call asks for log-probabilities and the
    other two name their JSON schema. For articles where a rule settles some claims (which
    then skip the model's verdict) and the order of the calls is the ranker's."""

    questions: AIMessage
    verdict: AIMessage
    cite: AIMessage
    responses: list[BaseMessage] = []  # noqa: RUF012 (a pydantic field; unused)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):  # type: ignore[no-untyped-def]
        from langchain_core.outputs import ChatGeneration, ChatResult

        schema = str(kwargs.get("response_format", ""))
        if kwargs.get("logprobs"):
            reply = self.verdict
        elif "questions" in schema:
            reply = self.questions
        else:
            reply = self.cite
        return ChatResult(generations=[ChatGeneration(message=reply)])


def stepwise_llm(db: Database, name: str = "step-model") -> CachedLLM:
    """A model that asks one question, says SUPPORTED (0.8) and cites sentence 1, for any claim
    the coverage rule leaves to it."""
    fake = StepFake(
        questions=text_reply('{"questions": ["Who carved the Moai?"]}'),
        verdict=letter_reply({"A": 0.8, "B": 0.1, "C": 0.1}),
        cite=text_reply('{"sentences": [1], "reason": "The source says so."}'),
    )
    endpoint = Endpoint("server", "http://127.0.0.1:9/v1", "fake", "unused", name)
    return CachedLLM(ChatLLM(endpoint, chat_model=fake), db)


def check_supported_claim(
    wb: Any, folder: Path, source_text: str, claim: str, question: str
) -> Any:  # (Workbench, ...) -> CheckOutcome; Any keeps this module import-light
    """A corpus "c" of one source, and one claim checked SUPPORTED by a scripted model."""
    from workbench.check.pipeline import Checker, article_from_text
    from workbench.corpus.ingest import ingest

    source = folder / "source.txt"
    source.write_text(source_text)
    ingest(wb, "c", [source])
    wb.llm, _ = fake_llm(
        [
            text_reply(f'{{"questions": ["{question}"]}}'),
            letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
            text_reply('{"sentences": [1], "reason": "The source says so."}'),
        ],
        wb.db,
    )
    return Checker(wb).check(article_from_text(claim, "Checked", "t"), "c")


MOAI = "The Moai are monolithic human figures carved by the Rapa Nui people on Easter Island."
EIFFEL = "The Eiffel Tower in Paris was designed by the engineering firm of Gustave Eiffel."
LANDMARKS = "The Moai were carved by the Rapa Nui people. The Eiffel Tower was designed by Eiffel."


def supported_replies(question: str) -> list[AIMessage]:
    """One claim's chain, scripted: its question, a SUPPORTED letter, cite sentence 1."""
    return [
        text_reply(json.dumps({"questions": [question]})),
        letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
        text_reply('{"sentences": [1], "reason": "The source says so."}'),
    ]


def check_landmarks(wb: Any, folder: Path, corpus: str = "c") -> tuple[str, str, str]:
    """A corpus of moai.txt and eiffel.txt, and LANDMARKS checked against it: each of its two
    claims SUPPORTED, citing its own landmark's document. (run_id, moai, eiffel) ids."""
    from workbench.check.pipeline import Checker, article_from_text
    from workbench.corpus.ingest import ingest

    (folder / "moai.txt").write_text(MOAI)
    (folder / "eiffel.txt").write_text(EIFFEL)
    ingest(wb, corpus, [folder / "moai.txt", folder / "eiffel.txt"])
    wb.llm, _ = fake_llm(
        supported_replies("Who carved the Moai?")
        + supported_replies("Who designed the Eiffel Tower?"),
        wb.db,
    )
    outcome = Checker(wb).check(article_from_text(LANDMARKS, "Landmarks", "test"), corpus)
    by_text = {r.assertion.text: r.assertion.assertion_id for r in outcome.results}
    moai = next(a for t, a in by_text.items() if "Moai" in t)
    eiffel = next(a for t, a in by_text.items() if "Eiffel" in t)
    for result in outcome.results:
        assert result.verdict and result.verdict.citations
    return outcome.run.run_id, moai, eiffel


# Two claims the source supports, three it does not address (settled NOT_ENOUGH_EVIDENCE by
# the coverage rule, no model call), one opinion (not verified).
MIXED_ARTICLE = (
    "The Moai were carved by the Rapa Nui people. "
    "The Eiffel Tower opened in Paris in 1889. "
    "The Moai stand on Easter Island. "
    "Berlin had 3.7 million residents in 2020. "
    "Lagos hosted the 1973 All-Africa Games. "
    "I think the statues are the most beautiful in the world."
)
MOAI_SOURCE = "The Moai were carved by the Rapa Nui people. They stand on Easter Island."


def check_mixed_article(wb: Any, folder: Path, source_text: str = MOAI_SOURCE) -> Any:
    """Corpus "islands" of one source, MIXED_ARTICLE checked by ``stepwise_llm``."""
    from workbench.check.pipeline import Checker, article_from_text
    from workbench.corpus.ingest import ingest

    (folder / "docs").mkdir()
    (folder / "docs" / "moai.txt").write_text(source_text)
    ingest(wb, "islands", [folder / "docs"])
    wb.llm = stepwise_llm(wb.db)
    return Checker(wb).check(article_from_text(MIXED_ARTICLE, "Five claims", "test"), "islands")


PLATFORMS = (
    "Ahu Tongariki", "Ahu Akivi", "Ahu Vinapu", "Ahu Nau Nau", "Ahu Tahai", "Ahu Vai Uri",
    "Ahu Ko Te Riku", "Ahu Hanga Kioe", "Ahu Huri a Urenga", "Ahu Te Pito Kura", "Ahu Akahanga",
    "Ahu Hanga Te Tenga", "Ahu Runga Vae", "Ahu Oroi", "Ahu Ature Huki", "Ahu Heki'i",
    "Ahu One Makihi", "Ahu Tepeu", "Ahu Ra'ai", "Ahu Motu Toremo Hiva", "Ahu Hanga Poukura",
    "Ahu Ura Uranga",
)  # fmt: skip


def check_platforms_article(wb: Any, folder: Path) -> Any:
    """Corpus "islands" of one source; an article of 22 claims (one per Moai platform), each
    SUPPORTED by a scripted model: more than one page of review cards."""
    from workbench.check.pipeline import Checker, article_from_text
    from workbench.corpus.ingest import ingest

    (folder / "docs").mkdir()
    (folder / "docs" / "moai.txt").write_text("The Moai were carved by the Rapa Nui people.")
    ingest(wb, "islands", [folder / "docs"])
    per_claim = [
        text_reply('{"questions": ["Who carved the Moai?"]}'),
        letter_reply({"A": 0.8, "B": 0.1, "C": 0.1}),
        text_reply('{"sentences": [1], "reason": "The source says so."}'),
    ]
    wb.llm, _ = fake_llm(per_claim * len(PLATFORMS), wb.db)
    text = " ".join(f"The Moai of {name} were carved by the Rapa Nui people." for name in PLATFORMS)
    return Checker(wb).check(article_from_text(text, "Platforms", "t"), "islands")
