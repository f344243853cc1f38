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
from webapp.i18n import _
from webapp.input_checks import CheckedForm

POSTCODE_MAX_CHARS = 16


class HoneypotMixin:
    """A field people never see; bots that fill every input fill it too."""

    website = StringField("Website")

    def is_spam(self) -> bool:
        """True when the hidden field was filled in."""
        return bool((self.website.data or "").strip())


class PostcodeForm(CheckedForm, HoneypotMixin):
    """Step 1: the postcode that finds the supporter's MP."""

    postcode = StringField(_("Your postcode"))

    def validate_postcode(self, field: StringField) -> None:
        """A postcode is needed before we can look it up."""
        if not (field.data or "").strip():
            raise StopValidation(_("Enter your postcode, for example SW1A 1AA."))


class ChooseConstituencyForm(CheckedForm):
    """Step 1b: pick the constituency when a postcode could be in more than one."""

    constituency = RadioField(
        _("Which constituency do you live in?"), choices=[], validate_choice=False
    )


class ConstituencyButtonForm(CheckedForm):
    """The full constituency list: each constituency is a submit button carrying its code."""

    constituency = HiddenField()


class ConfirmForm(CheckedForm):
    """A button that confirms an action (such as deleting a kept letter); CSRF only."""


class LetterForm(CheckedForm, HoneypotMixin):
    """Step 2: who the letter is from and, optionally, why it matters to them."""

    name = StringField(_("Your full name"))
    address_line1 = StringField(_("Address line 1"))
    address_line2 = StringField(_("Address line 2 (optional)"))
    town = StringField(_("Town or city"))
    postcode = StringField(_("Postcode"))
    email = StringField(_("Email address (optional)"))
    reason = TextAreaField(_("Why this matters to you (optional)"))
    concern = RadioField(
        _("Which people at risk matter most to you? (optional)"), choices=[], validate_choice=False
    )
    keep_copy = BooleanField(
        _("Keep a copy of my letter so the campaign can count it and deliver it")
    )
    updates = BooleanField(_("Send me campaign updates"))
    # Offered only where a mail server is set (webapp.replies.reminders.reminders_enabled).
    remind = BooleanField(
        _("Remind me once, in three weeks, to tell the campaign whether my MP replied")
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
