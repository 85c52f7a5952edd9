"""Licences under the separation of permits and business licences (证照分离)."""
