"""A reminder is written in its letter's language: a Welsh letter's reminder is Welsh, with links
to the Welsh pages; an English letter's is as before. Sent to a real local SMTP server."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from sqlalchemy import select
from test_reminders import (  # the same SMTP server, app and journey as the English tests
    SUPPORTER_EMAIL,
    THREE_WEEKS_ON,
    app,  # noqa: F401 (a fixture)
    inbox,  # noqa: F401 (a fixture)
    run_reminders,
    smtp_port,  # noqa: F401 (a fixture)
)
from webapp_helpers import page, write_letter

from webapp.extensions import db
from webapp.replies.models import Reminder

SITE = "https://write.example.org"


def remind_me(client, *, under: str, letter_language: str) -> None:
    response = write_letter(
        client,
        under=under,
        email=SUPPORTER_EMAIL,
        remind="y",
        letter_language=letter_language,
    )
    assert response.status_code == 303


def the_reminder(app, inbox):  # noqa: F811 (fixtures passed on)
    assert run_reminders(app, THREE_WEEKS_ON).sent == 1
    [message] = inbox.messages
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return message, plain, html


def test_a_welsh_letters_reminder_is_welsh_with_welsh_links(app, client, inbox):  # noqa: F811
    """Subject, body and every link in Welsh: the links open the /cy/ pages."""
    remind_me(client, under="/cy", letter_language="cy")
    with app.app_context():
        assert db.session.scalars(select(Reminder.language)).all() == ["cy"]
    message, plain, html = the_reminder(app, inbox)
    assert message["Subject"] == "A atebodd eich AS eich llythyr?"
    assert message["Content-Language"] == "cy"
    assert re.fullmatch(
        rf"<{re.escape(SITE)}/cy/reminders/unsubscribe/[\w-]+>", message["List-Unsubscribe"]
    )
    for body in (plain, html):
        assert "Dywedwch wrthym am yr ateb" in body  # "Tell us about the reply"
        assert "Atal y nodyn atgoffa" in body  # "Stop the reminder"
        assert "Dywedwch wrth yr ymgyrch beth" in body  # "Tell the campaign what … said"
        assert "Tell us about the reply" not in body
    assert page_lang(html) == "cy"
    links = re.findall(rf"{re.escape(SITE)}\S+", plain)
    assert len(links) == 2
    assert all(link.startswith(f"{SITE}/cy/") for link in links)
    reply = re.search(rf"{re.escape(SITE)}/cy/my-letter/[^/\s]+/reply", plain).group(0)
    assert f"href='{reply}'" in html
    # The link opens the reply form in Welsh; the unsubscribe page is Welsh too.
    reply_page = page(client.get(reply.removeprefix(SITE)))
    assert reply_page.html["lang"] == "cy"
    assert reply_page.find("form") is not None
    unsubscribe = message["List-Unsubscribe"].strip("<>").removeprefix(SITE)
    assert page(client.get(unsubscribe)).html["lang"] == "cy"


def test_an_english_letter_from_a_welsh_page_gets_an_english_reminder(app, client, inbox):  # noqa: F811
    """The letter's language decides, not the page's: English letter, English reminder."""
    remind_me(client, under="/cy", letter_language="en")
    message, plain, html = the_reminder(app, inbox)
    assert message["Subject"] == "Did your MP reply to your letter?"
    assert message["Content-Language"] == "en-GB"
    assert page_lang(html) == "en-GB"
    assert "Tell us about the reply" in plain
    assert "/cy/" not in plain + html + message["List-Unsubscribe"]
    assert re.search(rf"{re.escape(SITE)}/my-letter/[^/\s]+/reply", plain)


def test_a_reminder_sent_in_a_batch_keeps_each_letters_language(app, inbox):  # noqa: F811
    """One run sends a Welsh and an English reminder: each in its own language."""
    welsh, english = app.test_client(), app.test_client()
    remind_me(welsh, under="/cy", letter_language="cy")
    remind_me(english, under="", letter_language="en")
    assert run_reminders(app, THREE_WEEKS_ON).sent == 2
    subjects = sorted(message["Subject"] for message in inbox.messages)
    assert subjects == ["A atebodd eich AS eich llythyr?", "Did your MP reply to your letter?"]


def page_lang(html: str) -> str:
    """The `lang` of an email's HTML part."""
    return BeautifulSoup(html, "html.parser").html["lang"]
