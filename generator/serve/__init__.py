"""``marco serve``: a live preview of the documents while they are drafted
(:mod:`generator.serve.site` builds them, :mod:`generator.serve.pages` writes
the pages around them, :mod:`generator.serve.server` serves and watches)."""
