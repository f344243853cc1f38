"""Signed events to the organisation's CRM (Standard Webhooks), sent from a queue with retries."""
