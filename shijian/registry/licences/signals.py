"""Notifications of the licence app for higher layers (calls go down, notifications go up).

``commitment_broken`` is sent when a verification finds that a licence granted
on a written commitment (告知承诺) was obtained on a false or broken
commitment. The credit app connects to it to record a credit fact
(失信信息); the registry publishes nothing else for it.

Keyword arguments: ``verification`` (``LicenceVerification``), ``licence``,
``entity`` (``MarketEntity``), ``found_on`` (date), ``note`` (str), ``actor``
(``Actor``). Receivers run inside the service's transaction, so the credit
fact and the outcome commit or roll back together; a receiver must not do
slow work there (enqueue a task on commit instead).
"""

from __future__ import annotations

from django.dispatch import Signal

commitment_broken = Signal()
