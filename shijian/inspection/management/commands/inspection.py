"""`shijian inspection verify-draw RECORD.json --snapshots DIR`: re-check a published draw offline.

Exits 0 only when the snapshot hashes, the seed and every selection match;
otherwise prints each difference (Chinese and English) and exits 1. Needs
no database: the record and the snapshot files are all it reads.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shijian.inspection.domain.draw import verify_record


def _snapshots(record: dict[str, Any], folder: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for stratum in record.get("strata") or []:
        stratum_id = stratum.get("id") if isinstance(stratum, dict) else None
        if (
            not isinstance(stratum_id, str)
            or "/" in stratum_id
            or "\\" in stratum_id
            or stratum_id.startswith(".")
        ):
            continue
        path = folder / f"{stratum_id}.txt"
        if path.is_file():
            found[stratum_id] = path.read_bytes()
    return found


class Command(BaseCommand):
    """Random-inspection tools (双随机抽查)."""

    help = "random-inspection tools: verify-draw RECORD.json --snapshots DIR (验证抽取结果)"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        """``verify-draw`` and its arguments."""
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify-draw", help="recompute a published draw from its record and snapshots"
        )
        verify.add_argument("record", type=Path, help="the draw record (JSON)")
        verify.add_argument(
            "--snapshots", type=Path, required=True, help="folder with one <stratum_id>.txt per stratum"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the subcommand."""
        record_path: Path = options["record"]
        folder: Path = options["snapshots"]
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"无法读取抽取记录 cannot read the draw record: {exc}") from None
        if not isinstance(record, dict):
            raise CommandError("抽取记录应为 JSON 对象 the draw record must be a JSON object")
        if not folder.is_dir():
            raise CommandError(f"找不到快照目录 no such folder: {folder}")
        differences = verify_record(record, _snapshots(record, folder))
        if differences:
            for difference in differences:
                self.stdout.write(f"不符 DIFFERS {difference}")
            self.stdout.write(
                f"验证未通过：{len(differences)}处不符 verification FAILED: {len(differences)} difference(s)"
            )
            sys.exit(1)
        strata = record["strata"]
        selected = sum(len(s.get("selected") or []) for s in strata)
        self.stdout.write(
            f"验证通过 verified: seed {record['seed']}, {len(strata)} strata, {selected} entities selected"
        )
