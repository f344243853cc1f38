"""Signed events to the organisation's CRM: a real local receiver, every signature verified,
retries while it is down, deletion events, and the admin page that manages it."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook
from webapp_helpers import page, post_form, visible_text, write_letter

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.jobs import inprocess
from webapp.retention.purge import purge
from webapp.submissions.models import Submission
from webapp.webhooks import addresses, sending
from webapp.webhooks.models import DeliveryState, WebhookDelivery, WebhookMessage

SITE = "https://write.example.org"
EMAIL = "amira@example.org"
NAME = "Amira O'Brien-Núñez"


class Receiver:
    """A CRM's webhook receiver on 127.0.0.1: keeps each request, answers with `status`."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        self.on_request = None  # called as each request arrives (before the answer)
        self.port = 0
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers.items()), body))
                if receiver.on_request:
                    receiver.on_request()
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def events(self) -> list[dict]:
        return [json.loads(body) for _, body in self.requests]

    def of_type(self, event_type: str) -> list[dict]:
        return [event for event in self.events() if event["type"] == event_type]


@pytest.fixture
def app_config(app_config):
    """The tests' receiver is on loopback, over plain http: allowed here only."""
    return {**app_config, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": True}


@pytest.fixture
def receiver():
    running = Receiver()
    running.start()
    yield running
    running.stop()


@pytest.fixture
def crm(admin, receiver) -> dict:
    """An endpoint added on the admin page for the receiver; its secret as the page showed it."""
    response = post_form(admin, "/staff/webhooks", {"url": receiver.url, "description": "CRM"})
    assert response.status_code == 302
    detail = response.headers["Location"]
    secret = page(admin.get(detail)).find(id="webhook-secret")["value"]
    return {"secret": secret, "page": detail, "receiver": receiver}


def settle() -> None:
    """Wait for the send jobs the last request queued (they run in this process)."""
    inprocess.wait_all()


def verified(crm) -> list[dict]:
    """Every request the receiver got, each checked with the standardwebhooks library."""
    hook = Webhook(crm["secret"])
    return [hook.verify(body, headers) for headers, body in crm["receiver"].requests]


def private_path(client) -> str:
    return page(client.get("/thank-you")).select_one("a.private-url")["href"].removeprefix(SITE)


def deliveries(app) -> list[WebhookDelivery]:
    with app.app_context():
        rows = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
        db.session.expunge_all()
        return rows


def test_the_signature_matches_the_standard_webhooks_test_vector(app):
    """Our headers reproduce the published Standard Webhooks vector exactly."""
    moment = dt.datetime.fromtimestamp(1614265330, dt.UTC)
    headers = sending.signed_headers(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        b'{"test": 2432232314}',
        moment,
    )
    assert headers == {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }


def test_a_supporter_who_asks_for_updates_reaches_the_crm_signed(client, crm):
    """Asking for updates sends supporter.subscribed (what they agreed to) and letter.kept."""
    write_letter(client, keep_copy="y", updates="y", email=EMAIL)
    settle()
    events = verified(crm)  # raises if any signature, id or timestamp is wrong
    assert [event["type"] for event in events] == ["supporter.subscribed", "letter.kept"]
    subscribed = events[0]["data"]
    assert subscribed["email"] == EMAIL
    assert (subscribed["given_name"], subscribed["family_name"]) == ("Amira", "O'Brien-Núñez")
    assert subscribed["constituency"] == {
        "code": "E14001172",
        "name": "Cities of London and Westminster",
    }
    assert subscribed["consents"] == {"updates": True, "keep_letter": True, "reminder": False}
    assert subscribed["campaign"] == "baghdad-returns"
    assert subscribed["supporter_id"].startswith("sup_")
    assert events[1]["data"]["supporter"]["supporter_id"] == subscribed["supporter_id"]
    headers = crm["receiver"].requests[0][0]
    assert headers["webhook-id"].startswith("msg_")
    assert headers["Content-Type"] == "application/json"


def test_a_supporter_who_asks_for_nothing_sends_nothing(app, client, crm):
    """No consent at all: no event is recorded, nothing is sent."""
    write_letter(client, email=EMAIL)
    client.get("/letter.pdf")
    settle()
    assert crm["receiver"].requests == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookMessage)) == 0


def test_no_personal_data_leaves_without_the_updates_box(client, crm):
    """A kept letter and its reply, without "updates", send anonymous facts only."""
    write_letter(client, keep_copy="y", email=EMAIL)
    settle()
    reply_url = private_path(client) + "/reply"
    response = post_form(client, reply_url, {"stance": "supports", "replied_on": "2026-11-01"})
    assert response.status_code == 303
    settle()
    events = verified(crm)
    assert [event["type"] for event in events] == ["letter.kept", "reply.reported"]
    bodies = " ".join(body.decode() for _, body in crm["receiver"].requests)
    for personal in (EMAIL, "Amira", "Acacia", "SW1A", "neighbour", "sup_"):
        assert personal not in bodies
    reply = events[1]["data"]
    assert (reply["stance"], reply["date"], reply["constituency"]["code"]) == (
        "supports",
        "2026-11-01",
        "E14001172",
    )
    assert "supporter" not in reply


def test_a_reply_from_a_subscribed_supporter_names_them(client, crm):
    """reply.reported carries the supporter (id and email) when they asked for updates."""
    write_letter(client, keep_copy="y", updates="y", email=EMAIL)
    settle()
    post_form(client, private_path(client) + "/reply", {"stance": "opposes"})
    settle()
    [reply] = [event for event in verified(crm) if event["type"] == "reply.reported"]
    assert reply["data"]["stance"] == "opposes"
    assert reply["data"]["supporter"]["email"] == EMAIL


def test_withdrawing_through_the_private_link_sends_a_deletion_event(app, client, crm):
    """Deleting through the private link sends supporter.forgotten with the same supporter id."""
    write_letter(client, keep_copy="y", updates="y", email=EMAIL)
    settle()
    response = post_form(client, private_path(client) + "/delete", {})
    assert response.status_code == 303
    settle()
    events = verified(crm)
    [subscribed] = [e for e in events if e["type"] == "supporter.subscribed"]
    [forgotten] = [e for e in events if e["type"] == "supporter.forgotten"]
    assert forgotten["data"]["email"] == EMAIL
    assert forgotten["data"]["reason"] == "withdrawn"
    assert forgotten["data"]["supporter_id"] == subscribed["data"]["supporter_id"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_the_purge_sends_the_deletion_event_before_deleting(app, client, crm):
    """The purge tells the CRM while the supporter's row still exists, then deletes it, and
    delivered events lose their personal bodies."""
    write_letter(client, keep_copy="y", updates="y", email=EMAIL)
    settle()
    seen_rows = []

    def count_rows() -> None:
        with app.app_context():
            seen_rows.append(db.session.scalar(select(func.count()).select_from(Submission)))
            db.session.remove()

    crm["receiver"].on_request = count_rows
    with app.app_context():
        row = db.session.scalars(select(Submission)).one()
        row.created_at = utcnow() - dt.timedelta(days=91)  # written 91 days ago
        db.session.commit()
        purged = purge(90)
    assert purged.submissions == 1
    [forgotten] = [e for e in verified(crm) if e["type"] == "supporter.forgotten"]
    assert forgotten["data"]["reason"] == "purged"
    assert seen_rows == [1], "the CRM heard before the row was deleted"
    with app.app_context():
        messages = db.session.scalars(select(WebhookMessage)).all()
        assert messages, "the events' history stays"
        assert all(message.payload == {} and not message.personal for message in messages)


def test_a_dead_receiver_loses_nothing_and_staff_see_it_recover(app, client, admin, crm):
    """500, then closed: deliveries wait with attempts and backoff; once up, a retry delivers."""
    receiver = crm["receiver"]
    receiver.status = 500
    write_letter(client, updates="y", email=EMAIL)
    settle()
    [waiting] = deliveries(app)
    assert (waiting.state, waiting.attempts, waiting.last_status) == ("pending", 1, 500)
    first_try = waiting.last_attempt_at
    assert waiting.next_attempt_at == first_try + dt.timedelta(seconds=30)
    shown = visible_text(admin.get(crm["page"]))
    assert "Failing since" in shown
    assert "HTTP 500" in shown

    receiver.stop()  # now nothing listens: connection refused
    with app.app_context():
        too_soon = sending.deliver_due(now=first_try + dt.timedelta(seconds=10))
        assert too_soon.delivered == too_soon.failed == 0, "its backoff has not passed"
        second = first_try + dt.timedelta(seconds=31)
        report = sending.deliver_due(now=second)
    assert (report.delivered, report.failed) == (0, 1)
    [waiting] = deliveries(app)
    assert (waiting.state, waiting.attempts, waiting.last_status) == ("pending", 2, None)
    assert waiting.next_attempt_at == second + dt.timedelta(seconds=60)
    assert "connection refused" in waiting.last_error
    listing = page(admin.get("/staff/webhooks"))
    assert "Failing since" in listing.select_one(".webhooks-table").get_text()

    receiver.status = 200
    receiver.start()  # the same port again
    with app.app_context():
        report = sending.deliver_due(now=second + dt.timedelta(seconds=61))
    assert (report.delivered, report.failed) == (1, 0)
    [done] = deliveries(app)
    assert (done.state, done.attempts) == (DeliveryState.DELIVERED.value, 3)
    # The 500 and the delivery reached it (the refused attempt did not), under one message id.
    assert [event["type"] for event in verified(crm)] == ["supporter.subscribed"] * 2
    assert len({headers["webhook-id"] for headers, _ in receiver.requests}) == 1
    soup = page(admin.get(crm["page"]))
    assert soup.select_one(".webhook-healthy") is not None
    assert soup.select_one(".webhook-pending").get_text(strip=True) == "0"
    assert EMAIL not in soup.get_text(), "no personal data on the staff page"


def test_events_reach_the_crm_in_order(app, client, crm):
    """While an earlier event waits for its retry, later ones to that endpoint wait behind it."""
    crm["receiver"].status = 503
    write_letter(client, keep_copy="y", updates="y", email=EMAIL)
    settle()
    assert [d.attempts for d in deliveries(app)] == [1, 0]
    crm["receiver"].status = 200
    with app.app_context():
        sending.deliver_due(now=utcnow() + dt.timedelta(minutes=5))
    assert [e["type"] for e in crm["receiver"].events()[1:]] == [
        "supporter.subscribed",
        "letter.kept",
    ]


def test_backoff_doubles_up_to_the_cap(app):
    """30 s, 60 s, 120 s … and never more than an hour."""
    with app.app_context():
        waits = [sending.backoff(n).total_seconds() for n in (1, 2, 3, 8, 50)]
    assert waits == [30, 60, 120, 3600, 3600]


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hooks",
        "https://localhost/hooks",
        "https://10.1.2.3/hooks",
        "https://192.168.0.10/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "http://93.184.216.34/hooks",
        "ftp://93.184.216.34/hooks",
        "https://user:secret@93.184.216.34/hooks",
        "javascript:alert(1)",
    ],
)
def test_private_addresses_and_other_schemes_are_refused(url):
    """Without WEBHOOK_ALLOW_PRIVATE_ADDRESSES: https to a public address only."""
    with pytest.raises(addresses.RefusedAddress):
        addresses.resolve(url, allow_private=False)


def test_a_public_https_address_is_accepted():
    """An https address on the public internet (an IP, so no DNS is needed) is fine."""
    target = addresses.resolve("https://93.184.216.34/api/hooks?x=1", allow_private=False)
    assert (target.scheme, target.address, target.port, target.path) == (
        "https",
        "93.184.216.34",
        443,
        "/api/hooks?x=1",
    )


def test_the_admin_form_refuses_a_private_address(app, admin):
    """The form says why a loopback receiver is refused, and keeps nothing."""
    app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"] = False
    response = post_form(admin, "/staff/webhooks", {"url": "https://127.0.0.1:9/x"})
    assert response.status_code == 400
    assert "private or local network address" in visible_text(response)
    assert page(admin.get("/staff/webhooks")).select(".webhooks-table tbody a") == []


def test_sending_checks_the_address_again(app, client, crm):
    """An endpoint whose address became private is not sent to: the delivery waits."""
    app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"] = False
    write_letter(client, updates="y", email=EMAIL)
    settle()
    assert crm["receiver"].requests == []
    [waiting] = deliveries(app)
    assert waiting.state == "pending"
    assert "https://" in waiting.last_error


def test_the_secret_is_shown_once(admin, crm):
    """The secret is on the page after adding, in Standard Webhooks form, and never again."""
    assert crm["secret"].startswith("whsec_")
    assert Webhook(crm["secret"])  # decodes
    again = admin.get(crm["page"])
    assert again.status_code == 200
    assert page(again).find(id="webhook-secret") is None
    assert crm["secret"] not in again.get_data(as_text=True)
    assert crm["secret"] not in admin.get("/staff/webhooks").get_data(as_text=True)


def test_staff_buttons_test_retry_disable_and_delete(app, admin, crm):
    """Test event, disable/enable, retry and a confirmed delete, each in the audit log."""
    detail = crm["page"]
    assert _press(admin, detail, detail + "/test").status_code == 302
    settle()
    assert [e["type"] for e in verified(crm)] == ["webhook.test"]
    assert _press(admin, detail, detail + "/disable").status_code == 302
    assert "Off" in page(admin.get(detail)).select_one(".webhook-facts").get_text()
    assert _press(admin, detail, detail + "/enable").status_code == 302
    assert _press(admin, detail, detail + "/retry").status_code == 302
    settle()
    confirm = admin.get(detail + "/delete")
    assert "Delete this receiver?" in visible_text(confirm)
    assert _press(admin, detail + "/delete", detail + "/delete").status_code == 302
    assert admin.get(detail).status_code == 404
    audit = visible_text(admin.get("/staff/audit"))
    for done in (
        "Webhook endpoint added",
        "Webhook test sent",
        "Webhook endpoint disabled",
        "Webhook endpoint enabled",
        "Webhook retry now",
        "Webhook endpoint deleted",
    ):
        assert done in audit


def test_non_admins_are_refused(editor):
    """Editors get 403 on the webhook pages."""
    assert editor.get("/staff/webhooks").status_code == 403


def _press(client, page_url: str, action_url: str):
    """Press the button whose form posts to `action_url` on `page_url`, as a browser would."""
    soup = page(client.get(page_url))
    form = soup.find("form", action=action_url)
    assert form is not None, f"no button for {action_url} on {page_url}"
    token = form.find("input", attrs={"name": "csrf_token"})["value"]
    return client.post(action_url, data={"csrf_token": token})


def test_flask_webhooks_send_picks_up_due_retries(app, client, crm):
    """`flask webhooks send` (run from cron) sends a retry whose time has come."""
    crm["receiver"].status = 500
    write_letter(client, updates="y", email=EMAIL)
    settle()
    crm["receiver"].status = 200
    runner = app.test_cli_runner()
    assert "1 waiting" in runner.invoke(args=["webhooks", "status"]).output
    with app.app_context():
        for delivery in db.session.scalars(select(WebhookDelivery)):
            delivery.next_attempt_at = utcnow() - dt.timedelta(seconds=1)  # its backoff is over
        db.session.commit()
    result = runner.invoke(args=["webhooks", "send"])
    assert result.exit_code == 0, result.output
    assert "1 event(s) delivered" in result.output
    assert [d.state for d in deliveries(app)] == ["delivered"]
    assert "healthy, 0 waiting" in runner.invoke(args=["webhooks", "status"]).output


def test_unticking_updates_or_every_box_forgets_the_supporter(client, crm):
    """Sending the form again without "updates" is a withdrawal: supporter.forgotten, once."""
    write_letter(client, keep_copy="y", updates="y", email=EMAIL)
    settle()
    write_letter(client, keep_copy="y", email=EMAIL)  # "updates" unticked, letter still kept
    settle()
    write_letter(client, keep_copy="y", email=EMAIL)  # the same again: nothing new to say
    settle()
    types = [event["type"] for event in verified(crm)]
    assert types == ["supporter.subscribed", "letter.kept", "supporter.forgotten"]
    write_letter(client, updates="y", email=EMAIL)  # subscribes again, keeps no letter
    settle()
    write_letter(client, email=EMAIL)  # every box unticked: the row goes
    settle()
    types = [event["type"] for event in verified(crm)]
    assert types[3:] == ["supporter.subscribed", "supporter.forgotten"]
