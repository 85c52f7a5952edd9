"""`shijian audit verify`: walk the audit hash chain and report the first broken link."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shijian.core.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Audit trail tools. 'verify' walks the hash chain and reports the first broken or "
        "missing link (审计链校验); exit code 1 when the chain is broken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the audit hash chain (校验审计哈希链)")
        verify.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if options["json"]:
            payload = {
                "ok": report.ok,
                "checked": report.checked,
                "last_seq": report.last_seq,
                "problem": None
                if report.problem is None
                else {
                    "record_id": report.problem.record_id,
                    "seq": report.problem.seq,
                    "kind": report.problem.kind,
                    "message_zh": report.problem.message_zh,
                    "message_en": report.problem.message_en,
                },
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        elif report.ok:
            self.stdout.write(
                self.style.SUCCESS(f"审计链完好 audit chain intact: {report.checked} 条记录 records verified")
            )
        if report.problem is not None:
            if not options["json"]:
                self.stderr.write(f"审计链断裂 audit chain broken: {report.problem.message_zh}")
                self.stderr.write(f"  {report.problem.message_en}")
            raise CommandError(f"audit chain broken at record id {report.problem.record_id}", returncode=1)
