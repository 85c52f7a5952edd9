"""Entity search (市场主体检索), the matching API (主体匹配) and search-result exports.

Pages: ``shijian.registry.search.urls`` (``/entities/``); API: the ``router``
of ``shijian.registry.search.api``; indexes: migration
``registry.0002_search_indexes``. See docs/search.md.
"""
