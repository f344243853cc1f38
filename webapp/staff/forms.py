"""Forms of the staff area (Flask-WTF: every POST carries a CSRF token)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
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

from letters.supporter import _EMAIL as EMAIL_RULE  # the product's one email-address rule
from webapp.accounts.models import Role
from webapp.accounts.passwords import MAX_CHARS as PASSWORD_MAX_CHARS
from webapp.accounts.passwords import password_problems
from webapp.content.versions import NOTE_MAX_CHARS
from webapp.exports.models import ExportKind
from webapp.input_checks import MAX_ID, CheckedForm, bounded_id

ROLE_CHOICES = [
    SelectChoice(Role.VIEWER.value, "Viewer: sees counts, previews and history"),
    SelectChoice(Role.EDITOR.value, "Editor: also edits and publishes, downloads letters"),
    SelectChoice(Role.ADMIN.value, "Admin: also manages staff accounts and reads the audit log"),
]


class LoginForm(CheckedForm):
    email = EmailField(
        "Email", validators=[DataRequired("Enter your email address."), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=200)]
    )
    code = StringField(
        "Code from your authenticator app, or a recovery code",
        validators=[Optional(), Length(max=32, message="A code is at most 32 characters.")],
    )


class NewPasswordForm(CheckedForm):
    """Choose a password (invitation, reset, or a change); `email` feeds the strength check."""

    password = PasswordField(
        "New password",
        validators=[
            DataRequired("Choose a password."),
            Length(max=PASSWORD_MAX_CHARS, message="Use at most 200 characters."),
        ],
    )
    confirm = PasswordField(
        "The same password again",
        validators=[DataRequired("Type the password a second time."), Length(max=200)],
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
            raise ValidationError("The two passwords are not the same.")


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        "Your current password",
        validators=[DataRequired("Enter your current password."), Length(max=200)],
    )


class InviteForm(CheckedForm):
    """Invite a colleague: their email and role."""

    email = EmailField(
        "Their email address",
        validators=[DataRequired("Enter their email address."), Length(max=254)],
    )
    role = RadioField("Role", choices=ROLE_CHOICES, default=Role.VIEWER.value)

    def validate_email(self, field) -> None:
        if not EMAIL_RULE.fullmatch((field.data or "").strip()):
            raise ValidationError("Enter an email address like name@example.org.")


class RoleForm(CheckedForm):
    role = RadioField("Role", choices=ROLE_CHOICES)


class TwoFactorSetupForm(CheckedForm):
    code = StringField(
        "The 6-digit code your app shows now",
        validators=[DataRequired("Enter the code your app shows."), Length(max=32)],
    )


class TwoFactorOffForm(CheckedForm):
    """Removing the authenticator app needs the password, so an unattended browser cannot."""

    # Shown on the account page beside the change-password form, whose box has the id "current".
    current = PasswordField(
        "Your password",
        validators=[DataRequired("Enter your password."), Length(max=200)],
        id="two-factor-off-current",
    )


class LogoutForm(CheckedForm):
    """Only the CSRF token."""


class ActionForm(CheckedForm):
    """A button that changes something (publish, revert, apply): only the CSRF token."""


class EditForm(CheckedForm):
    """Edit a template or the findings; `based_on` is the version the editor started from."""

    body = TextAreaField("Text", validators=[InputRequired("The text cannot be empty.")])
    note = StringField(
        "What changed (a short note for the history)",
        validators=[
            DataRequired("Say in a few words what you changed."),
            Length(max=NOTE_MAX_CHARS),
        ],
    )
    based_on = HiddenField()

    def validate_body(self, field) -> None:
        if len(field.data or "") > BODY_MAX_CHARS:
            raise ValidationError(
                f"The text is too long: keep it under {BODY_MAX_CHARS:,} characters."
            )

    def validate_based_on(self, field) -> None:
        if bounded_id(field.data) is None:
            raise ValidationError("This form is missing the version it was based on.")


BODY_MAX_CHARS = 200_000  # the findings file is ~15,000 characters, a letter template ~5,000


class SendBackForm(CheckedForm):
    """A reviewer's reason for sending a version back to its author."""

    comment = TextAreaField(
        "What needs changing",
        validators=[
            DataRequired("Say what needs changing, so the author knows what to do."),
            Length(max=1000, message="Keep the comment under 1,000 characters."),
        ],
    )


class PreviewForm(CheckedForm):
    """Which constituency and sample supporter to preview with (a GET form, no token needed)."""

    class Meta:
        csrf = False

    place = StringField("Constituency (name or postcode)", validators=[Optional()])
    sample = RadioField("Sample supporter", coerce=int, default=0, validators=[Optional()])


class OverrideForm(CheckedForm):
    """Set the MP of one seat by hand (a by-election, a resignation)."""

    vacant = BooleanField("The seat is vacant (no MP)")
    name = StringField("Name", validators=[Length(max=200)])
    full_title = StringField("Title for the address (ending “MP”)", validators=[Length(max=250)])
    salutation = StringField("How to address them after “Dear”", validators=[Length(max=200)])
    party = StringField("Party", validators=[Length(max=120)])
    email = EmailField(
        "Parliamentary email",
        validators=[
            Optional(),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Enter an email address like name@parliament.uk.",
            ),
            Length(max=254),
        ],
    )
    member_id = IntegerField(
        "Members API id",
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_ID, message="Enter the id from the Members API."),
        ],
    )
    note = StringField(
        "Why (for the history)",
        validators=[DataRequired("Say why you are changing this seat."), Length(max=300)],
    )

    def validate_name(self, field) -> None:
        if not self.vacant.data and not (field.data or "").strip():
            raise ValidationError("Enter the MP's name, or tick “The seat is vacant”.")


class ClearOverrideForm(CheckedForm):
    note = StringField(
        "Why", default="Back to the published data", validators=[DataRequired(), Length(max=300)]
    )


class ImportUploadForm(CheckedForm):
    file = FileField(
        "Members API file (JSON)", validators=[FileRequired("Choose a .json file to upload.")]
    )


class _EndNotBeforeStart:
    """The `date_to` check shared by the forms that have `date_from` and `date_to` fields."""

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date must be on or after the start date.")


class DateRangeForm(_EndNotBeforeStart, CheckedForm):
    """Optional dates (a GET form for the counts page)."""

    class Meta:
        csrf = False

    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])


class ExportForm(_EndNotBeforeStart, CheckedForm):
    """Which letters to download, and how."""

    constituency = StringField(
        "Constituency (name or code; leave empty for all)", validators=[Optional()]
    )
    date_from = DateField("Written on or after", validators=[Optional()])
    date_to = DateField("Written on or before", validators=[Optional()])
    kind = RadioField(
        "Download as",
        choices=[
            SelectChoice(
                ExportKind.MERGED_PDF.value, "One PDF to print (a cover page, then each letter)"
            ),
            SelectChoice(ExportKind.ZIP.value, "A ZIP file with one PDF per letter"),
        ],
        default=ExportKind.MERGED_PDF.value,
    )
