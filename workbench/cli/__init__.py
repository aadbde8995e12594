"""The `workbench` command: a thin layer over the services, one module per command group."""

from workbench.cli import (  # noqa: F401  (registers the commands)
    assign,
    blind,
    bulk,
    check,
    corpus,
    demo,
    evaluate,
    export,
    factchecks,
    recheck,
    review,
    search,
    sign_off,
    ui,
    users,
)
from workbench.cli.app import app

__all__ = ["app"]
