"""The staff blueprint object, in its own module so every view module can import it."""

from __future__ import annotations

from flask import Blueprint

from webapp.accounts.access import require_staff
from webapp.staff.campaign_choice import apply_choice, working_on

bp = Blueprint("staff", __name__, url_prefix="/staff")
# Every staff page needs the role its view asks for (webapp.accounts.access).
bp.before_request(require_staff)
# …and is about the campaign its user chose (webapp.staff.campaign_choice).
bp.before_request(apply_choice)
bp.context_processor(working_on)
