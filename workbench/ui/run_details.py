"""The internals of a run (model file, prompt versions, corpus state, time and model calls
per stage): one click away on the Review screen, not on its face."""

from __future__ import annotations

from workbench.records import Run
from workbench.ui.services import esc


def run_details(run: Run) -> str:
    finished = (
        f"finished {run.finished_at:%Y-%m-%d %H:%M} UTC" if run.finished_at else "not finished"
    )
    rows = [
        f"Model: {esc(run.model)}",
        f"Prompts: {esc(', '.join(run.prompt_versions))}",
        f"Corpus {esc(run.corpus)}, state {esc(run.corpus_state)} (the corpus as checked)",
        f"Run {esc(run.run_id)}: started {run.started_at:%Y-%m-%d %H:%M} UTC, {finished}",
    ]
    for stage, seconds in run.seconds_by_stage.items():
        usage = run.usage_by_stage.get(stage)
        calls = f", {usage.calls} model calls ({usage.cached_calls} cached)" if usage else ""
        rows.append(f"{esc(stage)}: {seconds:.1f} s{calls}")
    return "".join(f'<div class="wb-src">{row}</div>' for row in rows)
