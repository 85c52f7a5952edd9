"""Pure rules of the registry bulk import (登记数据批量导入). No Django.

``columns``: the file format, header matching and cell parsing.
``results``: typed rows, row errors and the import context.
``rows``: row validation returning typed rows or row errors (field + zh/en reason).
"""

from shijian.registry.importer.domain.columns import (
    COLUMNS,
    Column,
    FileProblem,
    cell_text,
    header_columns,
    is_blank,
    parse_date,
    uscc_key,
)
from shijian.registry.importer.domain.results import (
    AuthorityRef,
    EntityRow,
    ImportContext,
    RowError,
    RowResult,
    duplicate_of,
    parent_missing,
    person_conflict,
    rejected,
)
from shijian.registry.importer.domain.rows import RowValidator

__all__ = [
    "COLUMNS",
    "AuthorityRef",
    "Column",
    "EntityRow",
    "FileProblem",
    "ImportContext",
    "RowError",
    "RowResult",
    "RowValidator",
    "cell_text",
    "duplicate_of",
    "header_columns",
    "is_blank",
    "parent_missing",
    "parse_date",
    "person_conflict",
    "rejected",
    "uscc_key",
]
