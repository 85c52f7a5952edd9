"""Notifications of the credit app for higher layers and for its own sub-apps.

``credit_fact_recorded`` is sent after a credit fact is recorded (also a
correction or a revocation), inside the recording transaction. Keyword
arguments: ``fact`` (``CreditFact``), ``actor``. The risk classification
re-scores the entity from it; receivers must be quick (enqueue slow work on
commit).
"""

from __future__ import annotations

from django.dispatch import Signal

credit_fact_recorded = Signal()
