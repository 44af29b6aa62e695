"""Reading documents written by people: Markdown with YAML front matter, run
through sandboxed Jinja2 first (:mod:`.templating`), into the document model
(:mod:`.markdown`)."""
