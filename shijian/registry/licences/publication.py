"""The public-fact kind of licences (行政许可信息), registered at start-up."""

from __future__ import annotations

from shijian.registry.publication import FactKind, register_fact_kind

LICENCE_KIND = "registry.licence"

LICENCE = register_fact_kind(
    FactKind(
        kind=LICENCE_KIND,
        label_zh="行政许可信息",
        label_en="Licence",
        section="licences",
    )
)
