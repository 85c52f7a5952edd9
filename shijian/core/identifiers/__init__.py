"""Chinese identifiers and entity names, pure Python (no Django).

* ``uscc_*`` - 统一社会信用代码 (GB 32100-2015)
* ``idcard_*`` - 居民身份证号码 (GB 11643-1999)
* ``division_*`` - 行政区划代码 (GB/T 2260), shipped snapshot incl. retired codes
* ``name_*`` / ``legal_form`` - entity-name search keys and core names

See docs/identifiers.md for the reasons a check can give.
"""

from shijian.core.identifiers._common import CheckResult, Problem
from shijian.core.identifiers.divisions import (
    Division,
    Level,
    division_children,
    division_is_known,
    division_lookup,
    division_name_path,
    division_snapshot_info,
    division_snapshot_version,
)
from shijian.core.identifiers.idcard import (
    IdCardResult,
    idcard_check,
    idcard_check_character,
    idcard_from_15,
    idcard_make,
    idcard_mask,
)
from shijian.core.identifiers.names import LegalForm, legal_form, name_core, name_normalise
from shijian.core.identifiers.uscc import (
    USCC_CHARSET,
    UsccResult,
    org_code_check_character,
    uscc_check,
    uscc_check_character,
    uscc_make,
)

__all__ = [
    "USCC_CHARSET",
    "CheckResult",
    "Division",
    "IdCardResult",
    "LegalForm",
    "Level",
    "Problem",
    "UsccResult",
    "division_children",
    "division_is_known",
    "division_lookup",
    "division_name_path",
    "division_snapshot_info",
    "division_snapshot_version",
    "idcard_check",
    "idcard_check_character",
    "idcard_from_15",
    "idcard_make",
    "idcard_mask",
    "legal_form",
    "name_core",
    "name_normalise",
    "org_code_check_character",
    "uscc_check",
    "uscc_check_character",
    "uscc_make",
]
