"""Notifications of the annual-report app for higher layers (calls go down, notifications go up).

``annual_report_filed`` is sent when an annual report is filed (not when it is
corrected). Keyword arguments: ``report`` (``AnnualReport``), ``entity``
(``MarketEntity``), ``filed_on`` (date), ``actor`` (``Actor``).

``disclosure_filed`` is sent when ad-hoc information is disclosed (filed).
Keyword arguments: ``disclosure`` (``AdhocDisclosure``), ``entity``,
``filed_on``, ``actor``.

The credit app listens to both to remove an entity from the abnormal list when
the cure is visible on the platform. Receivers run inside the filing
transaction; a receiver must not let its own refusals undo the filing.
"""

from __future__ import annotations

from django.dispatch import Signal

annual_report_filed = Signal()
disclosure_filed = Signal()
