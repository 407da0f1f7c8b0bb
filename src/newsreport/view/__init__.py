"""The HTML view: a Digest prepared for the templates, and the Jinja templates that print it."""
