"""`workbench ui`: the Streamlit review workbench."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from workbench.accounts.users import UserService
from workbench.cli.app import app, console, open_workbench

APP = Path(__file__).resolve().parents[1] / "ui" / "app.py"
PROJECT = Path(__file__).resolve().parents[2]
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@app.command()
def ui(
    port: int = typer.Option(8501, help="port to listen on"),
    host: str = typer.Option(
        "127.0.0.1",
        help="address to listen on; beyond 127.0.0.1 (e.g. 0.0.0.0) only in team mode",
    ),
) -> None:
    """Open the review workbench in the browser (Streamlit, on 127.0.0.1 by default)."""
    if host not in LOOPBACK:
        with open_workbench() as wb:
            team_mode = UserService(wb).team_mode()
        if not team_mode:
            # Without accounts anyone who reaches the app may do anything: keep it local.
            console.print(
                f"[bold red]error:[/] refusing to listen on {host}: no account exists, so "
                "anyone who reached the app could review, remove corpora and export. Create "
                "an admin first with `workbench users add NAME --role admin` (team mode: "
                "every page then asks to sign in), or leave out --host."
            )
            raise typer.Exit(2)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        host,
    ]
    # .streamlit/config.toml is read from the working folder: run from the project.
    env = {**os.environ, "WORKBENCH_HOME": os.environ.get("WORKBENCH_HOME", os.getcwd())}
    raise typer.Exit(subprocess.call(command, cwd=PROJECT, env=env))
