"""The HTML view: a Digest prepared for the templates, and the Jinja templates that print it."""

from __future__ import annotations

from .document import DocumentView as DocumentView
from .document import check_template as check_template
from .document import document_outline as document_outline
from .document import document_view as document_view
from .document import render_document_html as render_document_html
from .document import render_view_css as render_view_css
from .document import render_view_html as render_view_html
from .document import with_bodies as with_bodies
from .document import write_view_html as write_view_html

__all__ = [
    "DocumentView",
    "check_template",
    "document_outline",
    "document_view",
    "render_document_html",
    "render_view_css",
    "render_view_html",
    "with_bodies",
    "write_view_html",
]
