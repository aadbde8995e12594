"""Has this claim been fact-checked before? The matcher `check` and `workbench eval` use.

The claim is normalised (normalise.py), embedded with the packaged MiniLM, and the archive's
BM25 and cosine top candidates (features.py) are scored by the re-ranker (reranker.py).
Candidates at or above the shipped threshold are attached as matches. No LLM call: a few
milliseconds per claim once the archive is indexed.

MiniLM is used whatever embedder the corpora use: the re-ranker was fitted on its cosines,
and another embedder's similarities live on another scale.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache

from langchain_core.embeddings import Embeddings

from workbench.llm.embeddings import MiniLMEmbeddings
from workbench.matching.archive_index import ArchiveIndex, ArchiveIndexStore, Progress, index_text
from workbench.matching.features import candidate_pool, feature_rows
from workbench.matching.normalise import normalise_claim
from workbench.matching.reranker import Reranker, attached, default_reranker
from workbench.records import Assertion, FactCheckMatch, reviewed_factcheck_id
from workbench.services import Workbench
from workbench.store import factchecks as store


@cache
def _packaged_minilm() -> MiniLMEmbeddings:
    return MiniLMEmbeddings(batch_size=64)


def matching_embedder(given: Embeddings | None, fitted_with: str) -> MiniLMEmbeddings:
    """The configured embedder when it is the one the re-ranker was fitted with, else the
    packaged MiniLM."""
    if isinstance(given, MiniLMEmbeddings) and given.model_id == fitted_with:
        return given
    return _packaged_minilm()


class ClaimMatcher:
    def __init__(self, wb: Workbench, reranker: Reranker | None = None) -> None:
        self.wb = wb
        self.reranker = reranker or default_reranker()
        self.embedder = matching_embedder(wb.embeddings, self.reranker.embedder)
        root = wb.settings.vectorstore_dir / "factchecks" / self.embedder.model_id
        self.store = ArchiveIndexStore(root, self.embedder)
        self._index: ArchiveIndex | None = None

    def refresh(self, progress: Progress | None = None) -> ArchiveIndex:
        """Read the archive and bring its index up to date: only fact-checks whose text is
        new are embedded (``self.store.last_embedded`` says how many)."""
        with self.wb.db.transaction() as session:
            entries = store.claims_and_titles(session)
        self._index = self.store.get([(i, index_text(c, t)) for i, c, t in entries], progress)
        return self._index

    def index(self) -> ArchiveIndex:
        """The index as last refreshed (refreshed now if never)."""
        return self._index if self._index is not None else self.refresh()

    def rank(
        self, text: str, exclude_ids: Collection[str] = (), limit: int | None = None
    ) -> list[tuple[str, float]]:
        """(fact-check id, same-claim score) of the candidates, best first; the excluded
        fact-checks are treated as absent from the archive."""
        index = self.index()
        query = normalise_claim(text)
        if not len(index) or not query:
            return []
        vector = self.embedder.embed_array([query])[0]
        rows = {index.row_of[i] for i in exclude_ids if i in index.row_of}
        pool = candidate_pool(index, query, vector, self.reranker.pool, rows)
        scores = self.reranker.score(feature_rows(index, pool))
        ranked = sorted(
            zip(pool.candidates, scores.tolist(), strict=True), key=lambda cs: (-cs[1], cs[0].row)
        )
        return [(index.ids[c.row], score) for c, score in ranked][:limit]

    def attached(self, ranked: Sequence[tuple[str, float]]) -> list[int]:
        """Positions in a ``rank`` result of what is attached as matches: at or above the
        threshold, at most MAX_MATCHES, one per text (one claim imported twice is shown once)."""
        index = self.index()
        texts = [index.texts[index.row_of[fc_id]] for fc_id, _ in ranked]
        return attached([s for _, s in ranked], self.reranker.threshold, keys=texts)

    def match(self, text: str, exclude_ids: Collection[str] = ()) -> tuple[FactCheckMatch, ...]:
        """The earlier fact-checks of this claim the re-ranker is sure enough of, best first;
        of entries with the same text (one claim imported twice) only the first."""
        ranked = self.rank(text, exclude_ids)
        chosen = [ranked[i] for i in self.attached(ranked)]
        if not chosen:
            return ()
        with self.wb.db.transaction() as session:
            found = store.get_many(session, [fc_id for fc_id, _ in chosen])
        matches = []
        for fc_id, score in chosen:
            fc = found.get(fc_id)
            if fc is None:  # removed since the index was read
                continue
            matches.append(
                FactCheckMatch(
                    factcheck_id=fc.id,
                    claim=fc.claim,
                    label=fc.label,
                    rating=fc.rating,
                    publisher=fc.reviewer_or_publisher,
                    url=fc.url,
                    date=fc.date,
                    score=round(min(max(score, 0.0), 1.0), 4),
                    origin=fc.origin.describe(),
                )
            )
        return tuple(matches)

    def match_assertion(self, run_id: str, assertion: Assertion) -> tuple[FactCheckMatch, ...]:
        """Earlier fact-checks of an assertion's claim; never the archive entry made by the
        review of this very assertion in this run (it would match itself)."""
        own = reviewed_factcheck_id(run_id, assertion.assertion_id)
        return self.match(assertion.claim, exclude_ids={own})
