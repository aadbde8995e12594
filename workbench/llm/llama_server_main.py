"""The embedded model server's entry: `llama_cpp.server`, keeping the last row's logits only.

llama-cpp-python answers `logprobs` only when the model is built with `logits_all=True`, and then
computes and copies a 151,936-wide logit row for every *prompt* token (about a sixth of a check's
time on 2 cores, BENCHMARKS.md 2026-12-03). The chain reads log-probabilities of generated tokens
only, whose logits are always the last row of a decode. So this subclass keeps `logits_all=True`
(the flag the library checks, and the full-size score array it indexes) but asks llama.cpp for the
last row of each decode and stores it where the library would have put it. Letter log-probabilities
come out the same (tests/llm/test_llama_server_main.py compares both).

Run as `python -m workbench.llm.llama_server_main <llama_cpp.server arguments>`.
"""

from __future__ import annotations

import runpy
import sys
from collections.abc import Sequence

import llama_cpp
import numpy as np


class LastRowLogitsLlama(llama_cpp.Llama):
    """A `Llama` whose decode computes the logits of the last token of each batch only."""

    def eval(self, tokens: Sequence[int]) -> None:
        self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
        for start in range(0, len(tokens), self.n_batch):
            batch = tokens[start : start + self.n_batch]
            n_past = self.n_tokens
            self._batch.set_batch(batch=batch, n_past=n_past, logits_all=False)
            self._ctx.decode(self._batch)
            self.input_ids[n_past : n_past + len(batch)] = batch
            last_row = np.ctypeslib.as_array(self._ctx.get_logits(), shape=(self._n_vocab,))
            self.scores[n_past + len(batch) - 1, :] = last_row
            self.n_tokens += len(batch)
            self._requires_eval = False


def main() -> None:
    # The server module builds its model as `llama_cpp.Llama(...)`, looked up at call time.
    llama_cpp.Llama = LastRowLogitsLlama  # type: ignore[misc]
    sys.argv[0] = "llama_cpp.server"
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
