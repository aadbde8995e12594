"""The root Typer app and the helpers every command shares."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from workbench.services import Workbench

app = typer.Typer(
    name="workbench",
    help="Fact-check workbench: corpora of trusted sources, cited verdicts, human review.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)  # progress and tables on stderr; --json output alone on stdout


@contextmanager
def open_workbench() -> Iterator[Workbench]:
    """A Workbench for one command; user-facing errors become a message and exit code 2."""
    wb = Workbench()
    try:
        yield wb
    except typer.Exit:  # a RuntimeError too: a command's own exit code must pass through
        raise
    except (LookupError, ValueError, RuntimeError, OSError) as exc:
        console.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    finally:
        wb.close()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
