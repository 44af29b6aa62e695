"""Building: what to make, the incremental manifest, worker processes and
atomic output (:mod:`.build`); ``marco check`` (:mod:`.check`)."""
