"""Example input texts, shipped with the package as ``geo.seeds`` (see ``geo.SEED``)."""
