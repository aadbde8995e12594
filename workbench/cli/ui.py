"""`workbench ui`: the Streamlit review workbench."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from workbench.cli.app import app

APP = Path(__file__).resolve().parents[1] / "ui" / "app.py"
PROJECT = Path(__file__).resolve().parents[2]


@app.command()
def ui(port: int = typer.Option(8501, help="port on 127.0.0.1")) -> None:
    """Open the review workbench in the browser (Streamlit, on 127.0.0.1)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    # .streamlit/config.toml is read from the working folder: run from the project.
    env = {**os.environ, "WORKBENCH_HOME": os.environ.get("WORKBENCH_HOME", os.getcwd())}
    raise typer.Exit(subprocess.call(command, cwd=PROJECT, env=env))
