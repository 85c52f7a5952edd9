"""Enforcement cases (案件): for now only case leads (案件线索) that other procedures hand over."""
