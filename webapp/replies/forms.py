"""Forms after the letter: how it was sent, and what the MP replied."""

from __future__ import annotations

from wtforms import BooleanField, DateField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import Optional, ValidationError

from webapp.clock import utcnow
from webapp.i18n import _, _l
from webapp.input_checks import CheckedForm
from webapp.replies.models import SentBy, Stance

SUMMARY_MAX_CHARS = 2000

SENT_CHOICES = [
    SelectChoice(str(SentBy.POST), _l("I posted it")),
    SelectChoice(str(SentBy.EMAIL), _l("I emailed it")),
]
STANCE_CHOICES = [
    SelectChoice(str(Stance.SUPPORTS), _l("They support the ask: they will press the Home Office")),
    SelectChoice(str(Stance.NON_COMMITTAL), _l("They replied but did not say what they will do")),
    SelectChoice(str(Stance.OPPOSES), _l("They do not support the ask")),
    SelectChoice(str(Stance.NO_REPLY), _l("No reply yet")),
]


class SentForm(CheckedForm):
    """ "I have sent it": by post or by email."""

    sent_by = RadioField(
        _l("How did you send your letter?"), choices=SENT_CHOICES, validate_choice=False
    )

    def validate_sent_by(self, field: RadioField) -> None:
        """One of the two ways must be chosen."""
        if field.data not in {choice.value for choice in SENT_CHOICES}:
            raise ValidationError(_("Choose whether you posted or emailed your letter."))


class ReplyForm(CheckedForm):
    """The MP's reply: where they stand, when they replied, and (with consent) what they said."""

    stance = RadioField(_l("What did your MP say?"), choices=STANCE_CHOICES, validate_choice=False)
    replied_on = DateField(_l("When did they reply?"), validators=[Optional()])
    summary = TextAreaField(_l("What they said, in short, or the reply's text (optional)"))
    keep_summary = BooleanField(
        _l("You may keep what I wrote above, to show the campaign's staff what MPs say")
    )

    def validate_stance(self, field: RadioField) -> None:
        """One answer must be chosen, "no reply yet" included."""
        if field.data not in {choice.value for choice in STANCE_CHOICES}:
            raise ValidationError(_("Choose what your MP said, or “No reply yet”."))

    def validate_replied_on(self, field: DateField) -> None:
        """A reply date is not in the future, and none is asked for "no reply"."""
        if field.data and field.data > utcnow().date():
            raise ValidationError(_("The date of the reply cannot be in the future."))

    def validate_summary(self, field: TextAreaField) -> None:
        """The summary has a size limit, and is kept only with the box ticked."""
        text = (field.data or "").strip()
        if len(text) > SUMMARY_MAX_CHARS:
            raise ValidationError(
                _(
                    "Please shorten this to %(limit)s characters (it has %(count)s).",
                    limit=f"{SUMMARY_MAX_CHARS:,}",
                    count=f"{len(text):,}",
                )
            )
        if text and not self.keep_summary.data:
            raise ValidationError(
                _(
                    "Tick the box below to let us keep what you wrote, or leave this empty: "
                    "we keep nothing you write without your agreement."
                )
            )
