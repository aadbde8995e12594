"""The last-row-logits model gives the same log-probabilities as llama-cpp-python's own."""

from pathlib import Path

import llama_cpp
import pytest

from workbench.llm.llama_server_main import LastRowLogitsLlama
from workbench.llm.model_files import embedded_model_path

PROMPT = (
    "Evidence: [1] The Brooklyn Bridge opened to traffic on May 24, 1883. "
    "[2] It was designed by John A. Roebling.\n"
    "Claim: The Brooklyn Bridge was designed by Gustave Eiffel.\n"
    "Is the claim true? Reply with the letter A for true or B for false."
)


@pytest.fixture(scope="module")
def model_path(request: pytest.FixtureRequest) -> Path:
    return embedded_model_path(request.config.cache.mkdir("embedded-model"))


def _top_logprobs(model_class: type[llama_cpp.Llama], model_path: Path) -> list[dict[str, float]]:
    model = model_class(
        model_path=str(model_path), n_ctx=512, n_threads=2, logits_all=True, verbose=False
    )
    try:
        reply = model.create_chat_completion(
            [{"role": "user", "content": PROMPT}],
            max_tokens=3,
            temperature=0,
            logprobs=True,
            top_logprobs=5,
        )
    finally:
        model.close()
    return [
        {alt["token"]: float(alt["logprob"]) for alt in token["top_logprobs"]}
        for token in reply["choices"][0]["logprobs"]["content"]
    ]


@pytest.mark.llm
def test_generated_tokens_get_the_same_top_logprobs_as_with_every_row(model_path: Path) -> None:
    every_row = _top_logprobs(llama_cpp.Llama, model_path)
    last_row = _top_logprobs(LastRowLogitsLlama, model_path)

    assert len(last_row) == len(every_row) >= 1
    for ours, theirs in zip(last_row, every_row, strict=True):
        assert ours.keys() == theirs.keys()
        for token, logprob in theirs.items():
            assert ours[token] == pytest.approx(logprob, abs=1e-3)
