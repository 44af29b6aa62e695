"""Reviewing generated documents: their text read back from DOCX, HTML and
PDF (:mod:`.extract`, ``marco text``), and ``marco diff``: two versions built
(:mod:`.sides`), compared on the model (:mod:`.compare`, :mod:`.diff`) and
shown on the terminal (:mod:`.terminal`), as an HTML page (:mod:`.report`)
and as Word redlines (:mod:`.command`)."""
