"""`flask worker`: runs background jobs from the Redis queue (the Procfile's worker line)."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app

WORKER_NICENESS = 10


def register(app: Flask) -> None:
    """Add `flask worker` to the app's commands (it loads RQ only when it runs)."""

    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
    @click.option("--name", default=None, help="Worker name (default: host and process id).")
    def worker_command(burst: bool, name: str | None) -> None:
        """Run background jobs (letter downloads, checks, emails) from the Redis queue."""
        if not current_app.config.get("REDIS_URL"):
            raise click.ClickException(
                "REDIS_URL is not set. Without it, background jobs run inside the web process "
                "and no worker is needed; set it to run jobs here instead."
            )
        from letters import spelling
        from webapp.jobs import rq_runner

        # Loaded once here, before RQ forks a work-horse for each job, so no content check
        # waits a second for the dictionary.
        spelling.load()
        # Background work (a 10,000-letter download) yields the CPU to the web workers on the
        # same machine: supporters' pages come first.
        os.nice(WORKER_NICENESS)
        rq_runner.make_worker(name=name).work(burst=burst, logging_level="INFO")
