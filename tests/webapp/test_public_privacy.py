"""The privacy page is complete, and who runs the site is in the footer of every public page."""

from __future__ import annotations

import pytest
from webapp_helpers import page, visible_text, write_letter

from letters.campaign import load_campaign

CONTROLLER = load_campaign().controller


def test_the_privacy_page_names_the_controller_basis_retention_and_rights(make_app):
    """Controller and contacts, consent per box, how long each thing is kept, and the rights."""
    app = make_app(PURGE_AFTER_DAYS=45, DRAFT_HOURS=6)
    shown = page(app.test_client().get("/privacy"))
    text = " ".join(shown.get_text(" ").split())
    assert f"The data controller is {CONTROLLER.name}, {CONTROLLER.address}" in text
    mails = {a["href"] for a in shown.select("main a[href^='mailto:']")}
    assert mails == {f"mailto:{CONTROLLER.email}", f"mailto:{CONTROLLER.data_protection_contact}"}
    assert text.count("Lawful basis: your consent") == 2
    assert "45 days" in text
    assert "6 hours" in text
    for right in ("To withdraw your consent", "subject access request", "Information Commissioner"):
        assert right in text
    assert shown.select_one("main a[href^='https://ico.org.uk/']") is not None


@pytest.mark.parametrize(
    "url", ["/", "/find-your-mp", "/constituencies", "/privacy", "/thank-you", "/no-such-page"]
)
def test_every_public_page_footer_names_who_runs_the_site(client, url):
    """The footer carries the controller's name, address and data-protection contact."""
    footer = page(client.get(url)).select_one("footer .site-controller")
    assert footer is not None
    text = " ".join(footer.get_text(" ").split())
    assert CONTROLLER.name in text
    assert CONTROLLER.address in text
    assert CONTROLLER.data_protection_contact in text


def test_the_letter_pages_have_the_footer_too(client):
    """The form and preview (where consent is given) show who runs the site."""
    preview = client.get(write_letter(client).headers["Location"])
    assert CONTROLLER.name in visible_text(preview)
    assert CONTROLLER.name in visible_text(client.get("/your-letter"))
