"""Render a Project into Markdown pages (raw HTML blocks inside), keyed by source path."""

from .pages import render_site

__all__ = ["render_site"]
