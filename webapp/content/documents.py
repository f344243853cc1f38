"""Letters stored as documents (letters.document), as the staff pages show and edit them."""

from __future__ import annotations

from letters.campaign import Campaign
from letters.document import DocumentError, describe_changes, from_json, is_document, readable
from webapp.content import published


def readable_body(campaign: Campaign, body: str) -> str:
    """A version's text as staff read it: a document part by part in plain words (chips as
    their labels), anything else as it is stored."""
    if not is_document(body):
        return body
    try:
        doc = from_json(body)
    except DocumentError:
        return body  # a malformed document is shown as it is, beside the error that says so
    return readable(doc, published.published_findings(campaign))


def changes(campaign: Campaign, old_body: str | None, new_body: str) -> list[str]:
    """What changed between two letter documents, in plain words ("changed “press” to “urge”
    in The ask, wording 2"); empty when either is not a document (a raw template's changes
    are shown as a word diff instead)."""
    if not old_body or not (is_document(old_body) and is_document(new_body)):
        return []
    try:
        old, new = from_json(old_body), from_json(new_body)
    except DocumentError:
        return []
    return describe_changes(old, new, published.published_findings(campaign))
