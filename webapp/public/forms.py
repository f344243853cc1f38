"""Forms for the supporter journey. Field limits come from the core (letters.supporter)."""

from __future__ import annotations

from typing import ClassVar

from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from letters.supporter import (
    ADDRESS_LINE_MAX_CHARS,
    EMAIL_MAX_CHARS,
    NAME_MAX_CHARS,
    REASON_MAX_CHARS,
)
from webapp.i18n import _, _l, language_name
from webapp.input_checks import CheckedForm

POSTCODE_MAX_CHARS = 16


class HoneypotMixin:
    """A field people never see; bots that fill every input fill it too."""

    website = StringField(_l("Website"))

    def is_spam(self) -> bool:
        """True when the hidden field was filled in."""
        return bool((self.website.data or "").strip())


class PostcodeForm(CheckedForm, HoneypotMixin):
    """Step 1: the postcode that finds the supporter's MP."""

    postcode = StringField(_l("Your postcode"))

    def validate_postcode(self, field: StringField) -> None:
        """A postcode is needed before we can look it up."""
        if not (field.data or "").strip():
            raise StopValidation(_("Enter your postcode, for example SW1A 1AA."))


class ChooseConstituencyForm(CheckedForm):
    """Step 1b: pick the constituency when a postcode could be in more than one."""

    constituency = RadioField(
        _l("Which constituency do you live in?"), choices=[], validate_choice=False
    )


class ConstituencyButtonForm(CheckedForm):
    """The full constituency list: each constituency is a submit button carrying its code."""

    constituency = HiddenField()


class ConfirmForm(CheckedForm):
    """A button that confirms an action (such as deleting a kept letter); CSRF only."""


class LetterForm(CheckedForm, HoneypotMixin):
    """Step 2: who the letter is from and, optionally, why it matters to them."""

    name = StringField(_l("Your full name"))
    address_line1 = StringField(_l("Address line 1"))
    address_line2 = StringField(_l("Address line 2 (optional)"))
    town = StringField(_l("Town or city"))
    postcode = StringField(_l("Postcode"))
    email = StringField(_l("Email address (optional)"))
    reason = TextAreaField(_l("Why this matters to you (optional)"))
    concern = RadioField(
        _l("Which people at risk matter most to you? (optional)"), choices=[], validate_choice=False
    )
    # Offered only when the campaign's letter is written in more than one language.
    letter_language = RadioField(
        _l("The language of your letter"), choices=[], validate_choice=False
    )
    # Set only when the address postcode is in another constituency than the one chosen at step
    # 1 and the supporter picks where to write instead (never switched without asking).
    switch_to = HiddenField()
    keep_copy = BooleanField(_l("Keep my letter so the campaign can deliver it to my MP"))
    updates = BooleanField(_l("Send me campaign updates by email"))
    # Offered only where a mail server is set (webapp.replies.reminders.reminders_enabled).
    remind = BooleanField(
        _l("Remind me once, in three weeks, to tell the campaign whether my MP replied")
    )

    LIMITS: ClassVar[dict[str, int]] = {
        "name": NAME_MAX_CHARS,
        "address_line1": ADDRESS_LINE_MAX_CHARS,
        "address_line2": ADDRESS_LINE_MAX_CHARS,
        "town": ADDRESS_LINE_MAX_CHARS,
        "postcode": POSTCODE_MAX_CHARS,
        "email": EMAIL_MAX_CHARS,
        "reason": REASON_MAX_CHARS,
    }

    def set_groups(self, groups) -> None:
        """Offer the findings' at-risk groups, plus "no preference"."""
        self.concern.choices = [(g.id, g.label) for g in groups] + [("", _("No preference"))]
        if self.concern.data is None:
            self.concern.data = ""

    def set_languages(self, languages: tuple[str, ...], page_language: str) -> None:
        """Offer the languages the letter is written in, each named in itself; the page's
        language is the default. With one language there is nothing to choose."""
        self.letter_language.choices = [(code, language_name(code)) for code in languages]
        if self.letter_language.data not in languages:
            self.letter_language.data = page_language if page_language in languages else "en"

    def validate_remind(self, field: BooleanField) -> None:
        """The reminder is an email, so it needs an email address."""
        if field.data and not (self.email.data or "").strip():
            raise ValidationError(
                _("Enter your email address to get the reminder, or untick the box.")
            )

    def validate_updates(self, field: BooleanField) -> None:
        """Updates are sent by email, so they need an email address."""
        if field.data and not (self.email.data or "").strip():
            raise ValidationError(
                _("Enter your email address to get campaign updates, or untick the box.")
            )
