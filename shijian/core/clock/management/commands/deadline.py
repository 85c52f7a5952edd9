"""`shijian deadline`: compute a statutory deadline from the rule table and explain it (计算法定期限)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shijian.core.clock.domain import DateRange, parse_date
from shijian.core.clock.management.commands._common import command_error
from shijian.core.clock.selectors import deadline_compute
from shijian.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Compute a statutory deadline (计算法定期限): the due date of RULE started on START, with the "
        "holidays, make-up working days, pauses and extensions that decide it. Uses the stored rule "
        "table and the platform calendar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rule", required=True, help="rule id, e.g. complaint.accept (规则编号)")
        parser.add_argument("--start", required=True, help="start date YYYY-MM-DD, not counted (起算日)")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="FIRST:LAST",
            help="a paused window YYYY-MM-DD:YYYY-MM-DD, both days included; repeatable (暂停期间)",
        )
        parser.add_argument(
            "--extend",
            action="count",
            default=0,
            help="apply one approved extension; repeat for more where the rule allows (延长)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the explanation")

    def handle(self, *args: Any, **options: Any) -> None:
        rule_id: str = options["rule"].strip()
        try:
            start = parse_date(options["start"], field="start")
            pauses = [DateRange.parse(text) for text in options["pause"]]
            answer = deadline_compute(
                rule_id=rule_id, start=start, pauses=pauses, extensions=options["extend"]
            )
            rule, computation = answer.rule, answer.computation
            trace = computation.trace
        except DomainError as exc:
            raise command_error(exc) from None
        if options["json"]:
            payload = computation.as_dict()
            payload["rule"] = rule.rule_id
            payload["trace"] = [event.as_dict() for event in trace]
            payload["rule_detail"] = {
                "id": rule.rule_id,
                "version": rule.version,
                "name_zh": rule.name_zh,
                "name_en": rule.name_en,
                "legal_basis": rule.legal_basis,
                "confidence": rule.confidence.value,
                "effective_from": rule.effective_from.isoformat(),
                "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        lang = options["lang"]
        first = (
            f"到期日：{computation.due.isoformat()}"
            if lang == "zh"
            else f"Due: {computation.due.isoformat()}"
        )
        self.stdout.write(first)
        self.stdout.write(computation.explain(lang))
