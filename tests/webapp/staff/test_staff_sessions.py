"""Sign-out ends the session on the server: a copied cookie stops working everywhere."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from staff_helpers import EDITOR_EMAIL, PASSWORD, sign_in
from webapp_helpers import page, post_form

from webapp.accounts.models import StaffUser
from webapp.extensions import db

NEW_PASSWORD = "heron kettle cobalt sundial"


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """A second browser holding a copy of `client`'s session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def sign_out(client: FlaskClient) -> None:
    """Press "Sign out" as a browser would."""
    token = page(client.get("/staff/")).select_one("form.staff-signout input[name=csrf_token]")
    client.post("/staff/logout", data={"csrf_token": token["value"]})


def test_a_copied_cookie_is_refused_after_sign_out(app, editor, add_submission):
    """After signing out, a copy of the cookie cannot download the supporters list (issue seen)."""
    add_submission("Ann Example", email="ann@example.org")
    stolen = copy_of(app, editor)
    assert stolen.get("/staff/exports/supporters.csv").status_code == 200
    sign_out(editor)
    response = stolen.get("/staff/exports/supporters.csv")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")
    assert "Ann Example" not in response.get_data(as_text=True)


def test_signing_in_again_after_sign_out_works(app, editor):
    """A new sign-in after signing out gets a working session (the token was renewed)."""
    sign_out(editor)
    assert sign_in(editor, EDITOR_EMAIL).status_code == 302
    assert editor.get("/staff/").status_code == 200


def test_changing_the_password_ends_every_other_copy(app, editor):
    """A password change signs out every other copy of the session; this browser carries on."""
    other = copy_of(app, editor)
    response = post_form(
        editor,
        "/staff/account",
        {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert editor.get("/staff/").status_code == 200
    assert other.get("/staff/").status_code == 302
    assert sign_in(app.test_client(), EDITOR_EMAIL, NEW_PASSWORD).status_code == 302


def test_disabling_in_the_browser_ends_the_session_at_once(app, editor, admin):
    """An admin disabling an account signs out every copy of its session immediately."""
    with app.app_context():
        user_id = db.session.query(StaffUser.id).filter_by(email=EDITOR_EMAIL).scalar()
    post_form_to(admin, f"/staff/accounts/{user_id}", f"/staff/accounts/{user_id}/disable")
    assert editor.get("/staff/").status_code == 302
    assert sign_in(app.test_client(), EDITOR_EMAIL).status_code == 200


def test_a_session_from_before_session_tokens_is_refused(app, editor):
    """A session holding only an account id (no token) loads as nobody."""
    with editor.session_transaction() as session:
        session["_user_id"] = session["_user_id"].split(":")[0]
    assert editor.get("/staff/").status_code == 302


def post_form_to(client: FlaskClient, form_page: str, action: str, data=None):
    """POST to `action` with the CSRF token taken from the page at `form_page`."""
    token = page(client.get(form_page)).find("input", attrs={"name": "csrf_token"})["value"]
    return client.post(action, data={**(data or {}), "csrf_token": token})
