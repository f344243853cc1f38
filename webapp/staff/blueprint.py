"""The staff blueprint object, in its own module so every view module can import it."""

from __future__ import annotations

from flask import Blueprint

# cli_group=None puts `flask staff …` and `flask purge` at the top level of the flask command.
bp = Blueprint("staff", __name__, url_prefix="/staff", cli_group=None)
