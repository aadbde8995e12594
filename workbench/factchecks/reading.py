"""Bytes of a fact-check file -> JSON objects with the line each starts on.

Three shapes: one JSON object, a JSON list of objects, or JSON Lines (one object per line).
A line that is not JSON, or not an object, is a bad record and the rest are read; a file
in which nothing is a JSON object is not a fact-check file at all (BadFile).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple


class BadFile(ValueError):
    """The whole file cannot be read as fact-checks."""


class Item(NamedTuple):
    line: int
    value: Any


class LineProblem(NamedTuple):
    line: int
    reason: str


_DECODER = json.JSONDecoder()
_KINDS = {list: "list", str: "string", int: "number", float: "number", bool: "true/false"}
_SPACE = " \t\r\n"


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at


def _line_of(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile(f"not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise BadFile("empty file")
    return text


def _json_list(text: str, at: int) -> tuple[list[Item], list[LineProblem]]:
    """The items of a list starting at text[at] == "[", each with its own line; a list that
    breaks off keeps the items before the break."""
    items: list[Item] = []
    at = _skip(text, at + 1)
    if text.startswith("]", at):
        return items, []
    while True:
        try:
            value, end = _DECODER.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            return items, [LineProblem(exc.lineno, f"not valid JSON: {exc.msg}")]
        items.append(Item(_line_of(text, at), value))
        at = _skip(text, end)
        if text.startswith(",", at):
            at = _skip(text, at + 1)
        elif text.startswith("]", at) and not text[at + 1 :].strip():
            return items, []
        else:
            line = _line_of(text, at)
            return items, [LineProblem(line, "not valid JSON: expected ',' or the list's end")]


def _json_lines(text: str) -> tuple[list[Item], list[LineProblem]]:
    items: list[Item] = []
    problems: list[LineProblem] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(Item(number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(LineProblem(number, f"not valid JSON: {exc.msg}"))
    return items, problems


def _single(text: str, at: int) -> list[Item] | None:
    """The file as one JSON value (pretty-printed or not), or None if it is not one."""
    try:
        value, end = _DECODER.raw_decode(text, at)
    except json.JSONDecodeError:
        return None
    return [Item(_line_of(text, at), value)] if not text[end:].strip() else None


def read_items(data: bytes) -> tuple[list[Item], list[LineProblem]]:
    """The file's objects and its bad lines; BadFile when no object can be read."""
    text = decode(data)
    start = _skip(text, 0)
    if text.startswith("[", start):
        items, problems = _json_list(text, start)
    else:
        items, problems = [], []
        single = _single(text, start)
        if single is not None:
            items = single
        else:
            items, problems = _json_lines(text)
    good = [item for item in items if isinstance(item.value, dict)]
    if not good:
        first = problems[0] if problems else None
        why = f" (line {first.line}: {first.reason})" if first else ""
        raise BadFile(f"no JSON object in it: not JSON, a JSON list or JSON Lines{why}")
    problems += [
        LineProblem(item.line, f"a JSON {_KINDS.get(type(item.value), 'null')}, not an object")
        for item in items
        if not isinstance(item.value, dict)
    ]
    return good, sorted(problems)
