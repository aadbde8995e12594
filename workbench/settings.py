"""One Settings object: defaults < workbench.toml < environment (WORKBENCH_*)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def _toml_path() -> Path:
    explicit = os.environ.get("WORKBENCH_CONFIG")
    if explicit:
        return Path(explicit)
    home = os.environ.get("WORKBENCH_HOME")
    return Path(home or ".") / "workbench.toml"


class RatingStep(BaseModel):
    value: int
    name: str


def _default_scale() -> dict[str, RatingStep]:
    return {
        "SUPPORTED": RatingStep(value=5, name="True"),
        "CONFLICTING": RatingStep(value=3, name="Mixed"),
        "NOT_ENOUGH_EVIDENCE": RatingStep(value=3, name="Unproven"),
        "REFUTED": RatingStep(value=1, name="False"),
    }


class ExportOptions(BaseModel):
    """What published reports say about who checked them ([export] in workbench.toml)."""

    model_config = ConfigDict(extra="forbid")

    organisation: str = "Fact-check desk"
    organisation_url: str | None = None
    site_url: str | None = None  # ClaimReview `url`: where the reviews are published
    best_rating: int = 5
    worst_rating: int = 1
    rating_scale: dict[str, RatingStep] = Field(default_factory=_default_scale)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="WORKBENCH_", extra="forbid", env_nested_delimiter="__"
    )

    home: Path = Field(default_factory=Path.cwd, description="where vectorstore/ and the DB live")
    chroma_url: str | None = Field(None, description="http://host:port of a `chroma run` server")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite in home")
    keyword_search: Literal["bm25s", "postgres"] | None = Field(
        None,
        description="unset: BM25 in the database on PostgreSQL (postings kept with the catalog, "
        "shared by every app server, nothing to rebuild), bm25s on SQLite; bm25s: an index per "
        "corpus state in the home folder, rebuilt from the catalog when the corpus changes; "
        "postgres: the database's BM25 (PostgreSQL only). Both score alike: BENCHMARKS.md",
    )

    # Chunking: passages of whole sentences, about this many characters.
    chunk_size: int = 800
    chunk_overlap: int = 0
    max_file_mb: float = 50.0

    # Embeddings: the packaged MiniLM by default; any OpenAI-compatible endpoint when set.
    embeddings_base_url: str | None = None
    embeddings_model: str = "text-embedding-3-small"
    embeddings_api_key: str | None = None
    embed_batch_size: int = 32

    # Chat model: OpenAI when OPENAI_API_KEY is set, a server by base URL, else embedded.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 120.0
    llm_max_retries: int = 2  # the openai client's own retries on 429/5xx/timeouts
    # Added to the log-probability of B (false) and C (not said) before the verdict letter is
    # chosen. Unset: the offsets fitted for the embedded model when it is the one in use
    # (benchmarks/verdict_calibration.py, BENCHMARKS.md), none for any other model.
    verdict_offsets: dict[str, float] | None = None
    local_model_path: Path | None = Field(None, description="a GGUF file for the embedded server")
    local_threads: int | None = None
    local_context: int = 4096

    export: ExportOptions = Field(default_factory=ExportOptions)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_toml_path())
        return (init_settings, env_settings, toml)

    @property
    def vectorstore_dir(self) -> Path:
        return self.home / "vectorstore"

    @property
    def cache_dir(self) -> Path:
        return self.home / ".workbench-cache"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'workbench.db').resolve()}"

    @property
    def openai_api_key(self) -> str | None:
        return os.environ.get("OPENAI_API_KEY")
