"""Supporter pages: the campaign, finding your MP, writing, previewing and downloading a letter."""

from __future__ import annotations

from webapp.public import downloads, private_link, views
from webapp.public.blueprint import bp

__all__ = ["bp", "downloads", "private_link", "views"]
