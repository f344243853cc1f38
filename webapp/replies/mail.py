"""The reminder email: made from plain values, sent through the SMTP server in the settings.

No SMTP_HOST means no email at all (`mail_enabled` is False and the reminder box is not offered).
The message has a plain-text and an HTML part, and `List-Unsubscribe` (with one-click
`List-Unsubscribe-Post`, RFC 8058) so mail programs show an unsubscribe button. Every value is
set through the email package's header objects and escaped into the HTML, so nothing a supporter
typed can add a header or markup.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

from flask import current_app
from markupsafe import escape

from webapp.clock import utcnow
from webapp.i18n import _, html_lang


class MailError(RuntimeError):
    """The mail server refused or could not be reached; the job queue tries again later."""


@dataclass(frozen=True, slots=True)
class Reminder:
    """What a reminder says: who to, their MP, and the two links it carries."""

    to_name: str
    to_email: str
    mp_name: str
    letter_url: str  # the supporter's private link, where they report the reply
    unsubscribe_url: str


def mail_enabled(config: Mapping[str, Any]) -> bool:
    """True when an SMTP server and a sender are set."""
    return bool(config.get("SMTP_HOST") and config.get("MAIL_FROM"))


def reminders_enabled() -> bool:
    """Reminders need a mail server, a sender and the site's address (for the links)."""
    config = current_app.config
    return mail_enabled(config) and bool(config.get("SITE_URL"))


def reminder_message(reminder: Reminder, sender: str) -> EmailMessage:
    """The reminder as an email with plain-text and HTML parts, in the current reader's language
    (the caller sets it to the letter's: `webapp.replies.reminders`)."""
    message = EmailMessage()
    name, address = parseaddr(sender)
    message["From"] = Address(display_name=name, addr_spec=address)
    message["To"] = Address(display_name=_one_line(reminder.to_name), addr_spec=reminder.to_email)
    message["Subject"] = _("Did your MP reply to your letter?")
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or None)
    message["List-Unsubscribe"] = f"<{reminder.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    who = reminder.mp_name or _("your MP")
    hello = _("Hello %(name)s,", name=reminder.to_name)
    wrote = _(
        "Three weeks ago you wrote to %(mp)s about forced returns to Iraq. You asked us to "
        "remind you to tell the campaign whether they replied.",
        mp=who,
    )
    ask = _(
        "Tell the campaign what %(name)s said, so it knows where each MP stands. It takes a "
        "minute.",
        name=who,
    )
    tell, stop = _("Tell us about the reply"), _("Stop the reminder")
    only_one = _(
        "This is the only reminder we will send. To stop it, or to delete everything we keep "
        "about your letter, use the first link or the one below."
    )
    message.set_content(
        f"{hello}\n\n{wrote}\n\n{ask}\n{tell}: {reminder.letter_url}\n\n"
        f"{only_one}\n{stop}: {reminder.unsubscribe_url}\n"
    )
    message.add_alternative(
        f"<!doctype html><html lang='{escape(html_lang())}'><body>"
        f"<p>{escape(hello)}</p><p>{escape(wrote)}</p><p>{escape(ask)}</p>"
        f"<p><a href='{escape(reminder.letter_url)}'>{escape(tell)}</a></p>"
        f"<p>{escape(only_one)} <a href='{escape(reminder.unsubscribe_url)}'>{escape(stop)}</a></p>"
        "</body></html>",
        subtype="html",
    )
    message["Content-Language"] = html_lang()  # after the parts: setting them clears Content-*
    return message


def send(message: EmailMessage, config: Mapping[str, Any]) -> None:
    """Hand the message to the SMTP server; raise MailError if it cannot be delivered now."""
    try:
        with smtplib.SMTP(
            config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT_SECONDS"]
        ) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"{type(exc).__name__}: {exc}"[:400]) from exc


def _one_line(text: str) -> str:
    return " ".join(text.split())
