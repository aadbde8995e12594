from pathlib import Path

import pytest

from workbench.llm.prompts import PROMPTS_DIR, PromptError, load_prompt, parse_prompt

GOOD = """+++
name = "demo"
version = 2
variables = ["claim"]
+++
### system
You check claims.
### user
Claim: {claim}
"""


def test_every_shipped_prompt_loads_with_its_declared_variables() -> None:
    names = sorted(p.stem for p in PROMPTS_DIR.glob("*.md"))
    assert names == ["check_questions", "explain", "verify"]
    for name in names:
        prompt = load_prompt(name)
        assert prompt.version >= 1 and prompt.ref == f"{name}@v{prompt.version}"


def test_render_fills_variables_and_keeps_braces_in_values() -> None:
    prompt = parse_prompt(GOOD, "demo.md")
    messages = prompt.render(claim="x {not a variable} y")
    assert [m.type for m in messages] == ["system", "human"]
    assert messages[1].content == "Claim: x {not a variable} y"
    with pytest.raises(PromptError, match="takes"):
        prompt.render(claim="x", extra="y")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (GOOD.replace('variables = ["claim"]', 'variables = ["claim", "sources"]'), "declares"),
        (GOOD.replace("Claim: {claim}", "Claim: {claim} {sources}"), "declares"),
        (GOOD.replace("+++\nname", "name", 1), "front matter"),
        (GOOD.replace("### system\n", ""), "text before the first"),
        (GOOD.replace("### user", "### system"), "optional '### system' then one '### user'"),
    ],
)
def test_a_prompt_whose_variables_or_shape_do_not_match_is_refused(text: str, error: str) -> None:
    with pytest.raises(PromptError, match=error):
        parse_prompt(text, "bad.md")


def test_missing_prompt_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="missing prompt file"):
        load_prompt("nope", tmp_path)
