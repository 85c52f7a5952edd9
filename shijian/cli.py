"""The `shijian` console command: a thin wrapper over Django management commands.

`shijian <command> [args]` runs the management command of the same name
(hyphens become underscores), with config.settings.local unless
DJANGO_SETTINGS_MODULE says otherwise.
"""

from __future__ import annotations

import os
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("serve", "start the web site (启动网站)"),
    "migrate": ("migrate", "create or upgrade the database schema (数据库迁移)"),
    "demo-data": ("demo_data", "load deterministic demo data (生成演示数据)"),
    "check-id": ("check_id", "validate a USCC or ID-card number (校验统一社会信用代码/身份证号)"),
    "deadline": ("deadline", "compute a statutory deadline and explain it (计算法定期限)"),
    "audit": ("audit", "audit-trail tools: verify (审计链校验)"),
    "calendar": ("calendar", "working-day calendar: load, show, check (工作日历)"),
    "clock-sweep": ("clock_sweep", "mark clocks due soon / overdue (期限扫描)"),
    "registry": ("registry", "registry tools: import FILE, industries-load (登记数据导入)"),
    "inspection": ("inspection", "random inspections: verify-draw RECORD --snapshots DIR (验证抽取结果)"),
    "api-token": ("api_token", "officer API tokens: create, list, revoke (API令牌)"),
    "createsuperuser": ("createsuperuser", "create a system administrator (创建管理员)"),
}

USAGE = """usage: shijian <command> [options]

Shijian (市监) smart market-supervision platform.

commands:
{commands}

Any other Django management command can be run by name as well.
Run `shijian <command> --help` for a command's options.
"""


def _usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [f"  {name.ljust(width)}  {text}" for name, (_, text) in COMMANDS.items()]
    return USAGE.format(commands="\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(_usage())
        return
    if args[0] == "--version":
        from shijian import __version__

        sys.stdout.write(f"shijian {__version__}\n")
        return
    name, rest = args[0], args[1:]
    command = COMMANDS.get(name, (name.replace("-", "_"), ""))[0]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["shijian", command, *rest])


if __name__ == "__main__":
    main()
