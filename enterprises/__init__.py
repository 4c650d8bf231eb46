"""Companies that exhibit or buy: identity, tax code, province or country, sector.

The profile itself arrives with the exhibitor registration work; this package
already owns the reference choices enterprises are described with.
"""
