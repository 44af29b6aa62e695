"""Stage 1 of the pipeline, load and validate: the content tree's YAML read
with source positions (:mod:`.yamlsrc`), checked against the content model
(:mod:`.validate`), its links (:mod:`.links`) and the year's rules
(:mod:`.rules`), every problem collected (:mod:`.content`)."""
