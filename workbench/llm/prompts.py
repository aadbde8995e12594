"""Versioned prompt files: ``prompts/<name>.md``.

A file opens with TOML front matter between ``+++`` lines (name, version, variables), then
an optional ``### system`` and one ``### user`` section in LangChain f-string format (a
follow-up prompt, sent after an earlier exchange, has no system section). The loader
refuses a file whose declared variables differ from the ones its text uses, so a prompt
and the code that fills it cannot drift apart silently.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from langchain_core.messages import BaseMessage
from langchain_core.prompts import ChatPromptTemplate

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_SECTION = re.compile(r"^### (system|user)\s*$", re.MULTILINE)


class PromptError(ValueError):
    pass


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    variables: frozenset[str]
    template: ChatPromptTemplate

    @property
    def ref(self) -> str:
        return f"{self.name}@v{self.version}"

    def render(self, **values: str) -> list[BaseMessage]:
        if set(values) != self.variables:
            raise PromptError(f"{self.ref} takes {sorted(self.variables)}, got {sorted(values)}")
        return self.template.format_messages(**values)


def parse_prompt(text: str, origin: str) -> Prompt:
    parts = text.split("+++")
    if len(parts) < 3 or parts[0].strip():
        raise PromptError(f"{origin}: must start with TOML front matter between '+++' lines")
    meta = tomllib.loads(parts[1])
    body = "+++".join(parts[2:])
    preamble, *sections = _SECTION.split(body)
    if preamble.strip():
        raise PromptError(f"{origin}: text before the first '### system' or '### user' line")
    messages = [(sections[i], sections[i + 1].strip()) for i in range(0, len(sections), 2)]
    if [role for role, _ in messages] not in (["system", "user"], ["user"]):
        raise PromptError(f"{origin}: needs an optional '### system' then one '### user' section")
    template = ChatPromptTemplate.from_messages(
        [("system" if role == "system" else "human", content) for role, content in messages]
    )
    declared = frozenset(meta.get("variables", []))
    used = frozenset(template.input_variables)
    if declared != used:
        raise PromptError(
            f"{origin}: declares variables {sorted(declared)} but uses {sorted(used)}"
        )
    return Prompt(
        name=meta["name"], version=int(meta["version"]), variables=declared, template=template
    )


@cache
def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> Prompt:
    path = folder / f"{name}.md"
    if not path.exists():
        raise PromptError(f"missing prompt file {path}")
    prompt = parse_prompt(path.read_text(encoding="utf-8"), str(path))
    if prompt.name != name:
        raise PromptError(f"{path}: front matter says name={prompt.name!r}")
    return prompt
