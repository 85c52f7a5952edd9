"""The statutory clock engine (法定期限计时): working-day calendar, rule table, clocks.

Layout:

* ``domain`` - pure rules (no Django): the working-day calendar (工作日历),
  the rule table (期限规则), the counting convention (期间计算) and clock replay.
* ``calendar`` - the calendar the platform uses: the ``chinesecalendar``
  package plus the administrator's override table, cached.
* ``models`` / ``services`` / ``selectors`` / ``admin`` / ``tasks`` - the
  Django side: stored rules, calendar years and clocks.

This package's ``__init__`` must stay free of Django imports: the domain
modules (checked by import-linter) are imported through it.
"""
