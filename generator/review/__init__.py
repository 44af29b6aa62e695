"""Reviewing generated documents: their text read back from DOCX, HTML and
PDF (:mod:`.extract`)."""
