"""`shijian demo-data`: deterministic, realistic demo data for 洛阳市 and its counties."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from shijian.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD, build_org_units, build_users
from shijian.accounts.models import OrgUnit
from shijian.core.actor import system_actor
from shijian.web.demo_calendar import demo_calendar_estimate

#: What each size means; apps above accounts read ``size`` in their demo steps.
SIZES: dict[str, dict[str, int]] = {
    "small": {"officers_per_county": 3},
    "medium": {"officers_per_county": 10},
    "large": {"officers_per_county": 30},
}


class Command(BaseCommand):
    help = (
        "Load deterministic demo data (生成演示数据): org units of 洛阳市 and its counties, "
        "officers of every role and the demo logins. The same --seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size", choices=sorted(SIZES), default="small", help="how much data (small|medium|large)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when demo data is already loaded (except load the demo calendar estimate)",
        )
        parser.add_argument("--json", action="store_true", help="print a JSON summary")

    def handle(self, *args: Any, **options: Any) -> None:
        size = SIZES[options["size"]]
        already = OrgUnit.objects.filter(code="410300").exists()
        summary: dict[str, Any] = {"size": options["size"], "seed": options["seed"], "skipped": False}
        # Also when skipping: the site computes deadlines from the real date, which moves on.
        estimated = demo_calendar_estimate(actor=system_actor("demo-data"), out=self.stderr)
        if estimated:
            summary["calendar_estimated"] = estimated
        if already and options["if_empty"]:
            summary["skipped"] = True
        else:
            actor = system_actor("demo-data")
            with transaction.atomic():
                units = build_org_units(actor)
                users = build_users(
                    actor, units, officers_per_county=size["officers_per_county"], seed=options["seed"]
                )
            summary["org_units"] = OrgUnit.objects.count()
            summary["users_created"] = len(users)
            for step in demo_steps():
                summary.update(step(actor=actor, seed=options["seed"], size=options["size"], out=self.stderr))
        summary["logins"] = [
            {"username": d.username, "password": DEMO_PASSWORD, "role": d.role.value, "zh": d.description_zh}
            for d in DEMO_LOGINS
        ]
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        if summary["skipped"]:
            self.stdout.write("演示数据已存在，跳过 demo data already loaded, skipped")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"演示数据已生成 demo data loaded: {summary['org_units']} 个机构 org units, "
                    f"{summary['users_created']} 个用户 users, {summary.get('clocks', 0)} 个期限 clocks"
                )
            )
        self.stdout.write(f"\n演示账号 demo logins (password 密码: {DEMO_PASSWORD})")
        for d in DEMO_LOGINS:
            role = f"{d.role.label_zh} {d.role.label_en}"
            self.stdout.write(f"  {d.username:<11} {role}: {d.description_zh} / {d.description_en}")


def demo_steps() -> list[Any]:
    """Demo builders of the apps above accounts, run in order after org units and users."""
    from shijian.web.demo import STEPS

    return list(STEPS)
