"""The core: actor, errors, roles, scoping, audit trail, statutory clocks, identifiers.

Everything above builds on it; it imports nothing from the apps above.
"""
