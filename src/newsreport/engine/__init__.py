"""The PDF engine: a document view in, PDF bytes out."""
