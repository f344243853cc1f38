"""Forms of the staff area (Flask-WTF: every POST carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from letters.page_text import ASK_MAX_CHARS, ASKS_MAX, SUMMARY_MAX_CHARS, TITLE_MAX_CHARS
from letters.supporter import EMAIL_PATTERN as EMAIL_RULE  # the one email-address rule
from webapp.accounts.models import Role
from webapp.accounts.passwords import MAX_CHARS as PASSWORD_MAX_CHARS
from webapp.accounts.passwords import password_problems
from webapp.campaign_prefix import SLUG_MAX_CHARS, SLUG_PATTERN
from webapp.campaigns.service import (
    CAMPAIGN_TITLE_MAX_CHARS,
    CLOSING_MESSAGE_MAX_CHARS,
    KEEP_DAYS_MAX,
)
from webapp.content.versions import NOTE_MAX_CHARS
from webapp.exports.models import ExportKind
from webapp.i18n import _, _l
from webapp.input_checks import MAX_ID, CheckedForm, bounded_id
from webapp.reach import partners, share_links

ROLE_CHOICES = [
    SelectChoice(Role.VIEWER.value, _l("Viewer: sees counts, previews and history")),
    SelectChoice(Role.EDITOR.value, _l("Editor: also edits and publishes, downloads letters")),
    SelectChoice(
        Role.ADMIN.value, _l("Admin: also manages staff accounts and reads the audit log")
    ),
]


class LoginForm(CheckedForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(_l("Enter your email address.")), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=200)]
    )
    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[Optional(), Length(max=32, message=_l("A code is at most 32 characters."))],
    )


class NewPasswordForm(CheckedForm):
    """Choose a password (invitation, reset, or a change); `email` feeds the strength check."""

    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(max=PASSWORD_MAX_CHARS, message=_l("Use at most 200 characters.")),
        ],
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[DataRequired(_l("Type the password a second time.")), Length(max=200)],
    )

    def __init__(self, *args, email: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def validate_password(self, field) -> None:
        problems = password_problems(field.data or "", email=self.email)
        if problems:
            raise ValidationError(problems[0])

    def validate_confirm(self, field) -> None:
        if field.data != self.password.data:
            raise ValidationError(_("The two passwords are not the same."))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Your current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=200)],
    )


class InviteForm(CheckedForm):
    """Invite a colleague: their email and role."""

    email = EmailField(
        _l("Their email address"),
        validators=[DataRequired(_l("Enter their email address.")), Length(max=254)],
    )
    role = RadioField(_l("Role"), choices=ROLE_CHOICES, default=Role.VIEWER.value)

    def validate_email(self, field) -> None:
        if not EMAIL_RULE.fullmatch((field.data or "").strip()):
            raise ValidationError(_("Enter an email address like name@example.org."))


class RoleForm(CheckedForm):
    role = RadioField(_l("Role"), choices=ROLE_CHOICES)


class TwoFactorSetupForm(CheckedForm):
    code = StringField(
        _l("The 6-digit code your app shows now"),
        validators=[DataRequired(_l("Enter the code your app shows.")), Length(max=32)],
    )


class TwoFactorOffForm(CheckedForm):
    """Removing the authenticator app needs the password, so an unattended browser cannot."""

    # Shown on the account page beside the change-password form, whose box has the id "current".
    current = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
        id="two-factor-off-current",
    )


class LogoutForm(CheckedForm):
    """Only the CSRF token."""


class ActionForm(CheckedForm):
    """A button that changes something (publish, revert, apply): only the CSRF token."""


class LetterEditForm(CheckedForm):
    """The letter editor's own fields; its parts are read by webapp.staff.letter_editor."""

    note = StringField(
        _l("What changed (a short note for the history)"),
        validators=[Length(max=NOTE_MAX_CHARS)],
    )
    based_on = HiddenField()


class FindingsEditForm(LetterEditForm):
    """The findings editor's own fields; the findings are read by webapp.staff.findings_form."""


class EditForm(CheckedForm):
    """Edit a template or the findings; `based_on` is the version the editor started from."""

    body = TextAreaField(_l("Text"), validators=[InputRequired(_l("The text cannot be empty."))])
    note = StringField(
        _l("What changed (a short note for the history)"),
        validators=[
            DataRequired(_l("Say in a few words what you changed.")),
            Length(max=NOTE_MAX_CHARS),
        ],
    )
    based_on = HiddenField()

    def validate_body(self, field) -> None:
        if len(field.data or "") > BODY_MAX_CHARS:
            raise ValidationError(
                _(
                    "The text is too long: keep it under %(limit)s characters.",
                    limit=f"{BODY_MAX_CHARS:,}",
                )
            )

    def validate_based_on(self, field) -> None:
        if bounded_id(field.data) is None:
            raise ValidationError(_("This form is missing the version it was based on."))


BODY_MAX_CHARS = 200_000  # the findings file is ~15,000 characters, a letter template ~5,000


class SendBackForm(CheckedForm):
    """A reviewer's reason for sending a version back to its author."""

    comment = TextAreaField(
        _l("What needs changing"),
        validators=[
            DataRequired(_l("Say what needs changing, so the author knows what to do.")),
            Length(max=1000, message=_l("Keep the comment under 1,000 characters.")),
        ],
    )


class PreviewForm(CheckedForm):
    """Which constituency and sample supporter to preview with (a GET form, no token needed)."""

    class Meta:
        csrf = False

    place = StringField(_l("Constituency, MP or postcode"), validators=[Optional()])
    sample = RadioField(_l("Sample supporter"), coerce=int, default=0, validators=[Optional()])


class OverrideForm(CheckedForm):
    """Set the MP of one seat by hand (a by-election, a resignation)."""

    vacant = BooleanField(_l("The seat is vacant (no MP)"))
    name = StringField(_l("Name"), validators=[Length(max=200)])
    full_title = StringField(
        _l("Title for the address (ending “MP”)"), validators=[Length(max=250)]
    )
    salutation = StringField(_l("How to address them after “Dear”"), validators=[Length(max=200)])
    party = StringField(_l("Party"), validators=[Length(max=120)])
    email = EmailField(
        _l("Parliamentary email"),
        validators=[
            Optional(),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message=_l("Enter an email address like name@parliament.uk."),
            ),
            Length(max=254),
        ],
    )
    member_id = IntegerField(
        _l("Members API id"),
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_ID, message=_l("Enter the id from the Members API.")),
        ],
    )
    note = StringField(
        _l("Why (for the history)"),
        validators=[DataRequired(_l("Say why you are changing this seat.")), Length(max=300)],
    )

    def validate_name(self, field) -> None:
        if not self.vacant.data and not (field.data or "").strip():
            raise ValidationError(_("Enter the MP's name, or tick “The seat is vacant”."))


class ClearOverrideForm(CheckedForm):
    note = StringField(
        _l("Why"),
        default=_l("Back to the published data"),
        validators=[DataRequired(), Length(max=300)],
    )


class ImportUploadForm(CheckedForm):
    file = FileField(
        _l("Members API file (JSON)"),
        validators=[FileRequired(_l("Choose a .json file to upload."))],
    )


class _EndNotBeforeStart:
    """The `date_to` check shared by the forms that have `date_from` and `date_to` fields."""

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_("The end date must be on or after the start date."))


class DateRangeForm(_EndNotBeforeStart, CheckedForm):
    """Optional dates (a GET form for the counts page)."""

    class Meta:
        csrf = False

    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])


class ExportForm(_EndNotBeforeStart, CheckedForm):
    """Which letters to download, and how."""

    constituency = StringField(
        _l("Constituency, MP or postcode (leave empty for all)"), validators=[Optional()]
    )
    date_from = DateField(_l("Written on or after"), validators=[Optional()])
    date_to = DateField(_l("Written on or before"), validators=[Optional()])
    kind = RadioField(
        _l("Download as"),
        choices=[
            SelectChoice(
                ExportKind.MERGED_PDF.value, _l("One PDF to print (a cover page, then each letter)")
            ),
            SelectChoice(ExportKind.ZIP.value, _l("A ZIP file with one PDF per letter")),
        ],
        default=ExportKind.MERGED_PDF.value,
    )


EVENT_NAME_MAX_CHARS = 120


class EventForm(FlaskForm):
    """A new event: its name and how many hours it runs from now."""

    name = StringField(
        _l("Event name"),
        validators=[
            DataRequired(_l("Give the event a name, for example “Leeds stall, 14 March”.")),
            Length(max=EVENT_NAME_MAX_CHARS, message=_l("Keep the name under 120 characters.")),
        ],
    )
    hours = IntegerField(
        _l("Runs for (hours, from now)"),
        default=4,
        validators=[DataRequired(_l("Say how many hours the event runs."))],
    )


class EndEventForm(FlaskForm):
    """Only the CSRF token."""


class PageTextForm(CheckedForm):
    """The campaign page's summary and what we ask MPs to do (letters.page_text)."""

    summary = TextAreaField(
        _l("Summary"),
        validators=[InputRequired(_l("Write a summary: it is the page's first words."))],
    )
    asks = TextAreaField(
        _l("What we ask MPs to do"),
        validators=[InputRequired(_l("Write at least one thing we ask MPs to do."))],
    )
    note = StringField(
        _l("What changed (a short note for the history)"),
        validators=[
            DataRequired(_l("Say in a few words what you changed.")),
            Length(max=NOTE_MAX_CHARS),
        ],
    )
    based_on = HiddenField()

    def validate_summary(self, field) -> None:
        # Over the limit is refused here, so the check never meets a page-long "summary"; the
        # text stays in its box to be cut.
        if len(field.data or "") > SUMMARY_MAX_CHARS * 2:
            raise ValidationError(
                _("Keep the summary under %(limit)s characters.", limit=SUMMARY_MAX_CHARS)
            )

    def validate_asks(self, field) -> None:
        if len(field.data or "") > ASK_MAX_CHARS * ASKS_MAX * 2:
            raise ValidationError(
                _(
                    "Ask for at most %(count)s things, each under %(limit)s characters.",
                    count=ASKS_MAX,
                    limit=ASK_MAX_CHARS,
                )
            )


class OtherLanguagePageForm(PageTextForm):
    """The campaign page in another language (its Welsh): its own title, summary and asks."""

    title = StringField(
        _l("Title"),
        validators=[
            InputRequired(_l("Write the campaign's title in Welsh: it is the page's heading.")),
            Length(
                max=TITLE_MAX_CHARS,
                message=_l("Keep the title under %(max)s characters.", max=TITLE_MAX_CHARS),
            ),
        ],
    )


_CLOSING_MESSAGE_TOO_LONG = _l(
    "Keep the closing words under %(max)s characters.", max=CLOSING_MESSAGE_MAX_CHARS
)


class CloseCampaignForm(FlaskForm):
    """Close the campaign now, with the words its page shows from then on."""

    closing_message = TextAreaField(
        _l("What the campaign page says once it has closed"),
        validators=[
            DataRequired(_l("Say why it has closed, for example what the campaign achieved.")),
            Length(max=CLOSING_MESSAGE_MAX_CHARS, message=_CLOSING_MESSAGE_TOO_LONG),
        ],
    )


class ScheduleCampaignForm(FlaskForm):
    """When a live campaign opens and closes by itself, and the words shown once it has closed."""

    opens_at = DateTimeLocalField(
        _l("Opens at (UTC, optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    closes_at = DateTimeLocalField(
        _l("Closes at (UTC, optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    closing_message = TextAreaField(
        _l("What the campaign page says once it has closed"),
        validators=[Length(max=CLOSING_MESSAGE_MAX_CHARS, message=_CLOSING_MESSAGE_TOO_LONG)],
        id="scheduled_closing_message",  # the close form on the same page has a box of this name
    )

    def validate_closes_at(self, field: DateTimeLocalField) -> None:
        """A campaign closes after it opens."""
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_("Choose a closing time after the opening time."))


_TITLE_VALIDATORS = [
    DataRequired(_l("Give the campaign a title, for example “Stop the March flights”.")),
    Length(max=CAMPAIGN_TITLE_MAX_CHARS, message=_l("Keep the title under 200 characters.")),
]


class RenameCampaignForm(FlaskForm):
    """A campaign's title, as supporters and staff see it (its web address stays)."""

    title = StringField(_l("Title"), validators=_TITLE_VALIDATORS, id="campaign_title")


class KeepDataForm(FlaskForm):
    """How many days after the campaign closes supporters' kept letters are deleted."""

    keep_days = IntegerField(
        _l("Days supporters' letters are kept after the campaign closes (optional)"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=KEEP_DAYS_MAX,
                message=_l("Choose a number of days from 0 to %(max)s.", max=KEEP_DAYS_MAX),
            ),
        ],
    )


def _email(_form: FlaskForm, field: StringField) -> None:
    """The site's one email-address rule, for a box that may be empty."""
    if field.data and not EMAIL_RULE.fullmatch(field.data.strip()):
        raise ValidationError(_("Enter an email address like privacy@example.org."))


_EMAIL_LENGTH = Length(max=254, message=_l("Keep the email address under 254 characters."))


class ControllerForm(FlaskForm):
    """Who is responsible for this campaign's supporters' data, when not the organisation."""

    name = StringField(
        _l("Organisation"),
        validators=[Length(max=200, message=_l("Keep the name under 200 characters."))],
        id="controller_name",
    )
    address = StringField(
        _l("Postal address, on one line"),
        validators=[Length(max=300, message=_l("Keep the address under 300 characters."))],
        id="controller_address",
    )
    email = StringField(
        _l("Email for general questions"),
        validators=[_EMAIL_LENGTH, _email],
        id="controller_email",
    )
    contact = StringField(
        _l("Email for questions about supporters' data"),
        validators=[_EMAIL_LENGTH, _email],
        id="controller_contact",
    )

    def validate_name(self, field: StringField) -> None:
        """All four, or none (none: the organisation that runs the site)."""
        boxes = (field, self.address, self.email, self.contact)
        filled = [box for box in boxes if (box.data or "").strip()]
        if filled and len(filled) < len(boxes):
            raise ValidationError(
                _("Fill in all four boxes, or empty them all to use the organisation's.")
            )


class CampaignButtonForm(FlaskForm):
    """Open, reopen or archive the campaign: a button, CSRF only."""


class NewCampaignForm(FlaskForm):
    """A new campaign, started as a copy of the one being worked on."""

    title = StringField(_l("Title"), validators=_TITLE_VALIDATORS)
    slug = StringField(
        _l("Web address"),
        validators=[
            DataRequired(_l("Choose the campaign's web address, for example stop-march-flights.")),
            Length(max=SLUG_MAX_CHARS, message=_l("Keep the web address under 64 characters.")),
            Regexp(
                SLUG_PATTERN.pattern + "$",
                message=_l("Use lower-case letters, digits and single hyphens only."),
            ),
        ],
    )


class ChooseCampaignForm(FlaskForm):
    """Work on another campaign."""

    slug = HiddenField(validators=[DataRequired()])


class CampaignAccessForm(FlaskForm):
    """Which campaigns an account may work on: every one, or those ticked."""

    scope = RadioField(
        _l("This account may work on"),
        choices=[
            SelectChoice("all", _l("Every campaign")),
            SelectChoice("chosen", _l("Only the campaigns ticked below")),
        ],
        default="all",
    )
    campaigns = SelectMultipleField(_l("Campaigns"), choices=[], validate_choice=True)

    def validate_campaigns(self, field: SelectMultipleField) -> None:
        """ "Only the campaigns ticked" needs at least one tick."""
        if self.scope.data == "chosen" and not field.data:
            raise ValidationError(_("Tick at least one campaign, or choose “Every campaign”."))


class PartnerForm(CheckedForm):
    """A partner site allowed to embed the campaign: its address, name and source code."""

    origin = StringField(
        _l("The partner site's address"),
        validators=[
            DataRequired(_l("Enter the partner site's address, like https://partner.example."))
        ],
    )
    label = StringField(
        _l("Partner's name"),
        validators=[
            DataRequired(_l("Give the partner a name staff will recognise.")),
            Length(
                max=partners.LABEL_MAX_CHARS,
                message=_l(
                    "A name can be at most %(max)d characters.", max=partners.LABEL_MAX_CHARS
                ),
            ),
        ],
    )
    source = StringField(_l("Source code (letters written in its frame count under it)"))

    def validate_origin(self, field: StringField) -> None:
        try:
            field.data = partners.normalise_origin(field.data or "")
        except partners.PartnerProblem as problem:
            raise ValidationError(str(problem)) from None

    def validate_source(self, field: StringField) -> None:
        text = (field.data or "").strip()
        try:
            field.data = partners.check_source(text) if text else ""
        except partners.PartnerProblem as problem:
            raise ValidationError(str(problem)) from None


class RemovePartnerForm(CheckedForm):
    """Only the CSRF token."""


class WebhookEndpointForm(CheckedForm):
    """A CRM's receiver: its address (checked again, with a look-up, when it is added)."""

    url = StringField(
        _l("Receiver address (https://…)"),
        validators=[
            DataRequired(_l("Enter the receiver's web address.")),
            Length(max=500, message=_l("Keep the web address under 500 characters.")),
        ],
    )
    description = StringField(
        _l("Description (which CRM, who looks after it)"),
        validators=[Length(max=200, message=_l("Keep the description under 200 characters."))],
    )


class ShareLinkForm(CheckedForm):
    """A share link for the campaign: a label staff recognise, and the code the link carries
    (made from the label when left empty; its clash with another is checked by the view)."""

    label = StringField(
        _l("Label, for example “Oxfam newsletter May”"),
        validators=[
            DataRequired(_l("Give the link a label staff will recognise.")),
            Length(
                max=share_links.LABEL_MAX_CHARS,
                message=_l(
                    "Keep the label to %(max)s characters or fewer.",
                    max=share_links.LABEL_MAX_CHARS,
                ),
            ),
        ],
    )
    code = StringField(
        _l("Code (leave empty to make one from the label)"),
        filters=[lambda text: (text or "").strip().lower()],
    )


class WelshFindingsEditForm(LetterEditForm):
    """The Welsh findings form's own fields (the note, the version it started from); its boxes
    are read by webapp.staff.findings_welsh_form."""
