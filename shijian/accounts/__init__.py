"""Accounts: org units (jurisdictions), users, roles, certificates and API tokens."""
