"""`shijian registry`: bulk import of registry files and the industry list (登记数据导入)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from shijian.core.actor import system_actor
from shijian.core.errors import DomainError
from shijian.registry.importer import deferral
from shijian.registry.importer.services import ImportFailed, registry_import
from shijian.registry.industries import industries_load
from shijian.registry.models import ImportRun
from shijian.registry.search.indexes import (
    GRAM_INDEXES,
    gram_indexes_create,
    gram_indexes_missing,
    search_indexes_supported,
)


def _error(exc: DomainError) -> CommandError:
    return CommandError(f"{exc.message_zh}\n{exc.message_en}", returncode=1)


class Command(BaseCommand):
    help = (
        "Registry data (登记数据). 'import FILE' imports a CSV or XLSX registry file: validated per row, "
        "upserted by USCC, resumable (run it again after a crash), with an error report of row, field and "
        "reason (see docs/registry-import.md). 'industries-load' loads the GB/T 4754-2017 industry list."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import a registry file (批量导入登记数据)")
        load.add_argument("file", help="the .csv or .xlsx file")
        load.add_argument(
            "--authority", help="org-unit code of the registration authority for rows without one (登记机关)"
        )
        load.add_argument(
            "--errors", help="where to write the error report (default: FILE.errors.csv beside it)"
        )
        load.add_argument(
            "--accept-flagged",
            default="",
            help="comma-separated early pilot USCCs that fail only the position-18 check, kept flagged",
        )
        load.add_argument(
            "--encoding", default="utf-8-sig", help="CSV encoding (default UTF-8; GBK: gb18030)"
        )
        load.add_argument("--batch-size", type=int, help="rows per committed batch")
        indexes = load.add_mutually_exclusive_group()
        indexes.add_argument(
            "--defer-indexes",
            dest="defer_indexes",
            action="store_const",
            const=True,
            help="bulk-load mode: drop the register's indexes and foreign keys for the run and rebuild "
            "them at its end (default: only for an initial load at least as large as the register)",
        )
        indexes.add_argument(
            "--keep-indexes",
            dest="defer_indexes",
            action="store_const",
            const=False,
            help="keep the search indexes up to date row by row (searches stay fast during the import)",
        )
        load.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
        load.add_argument("--json", action="store_true", help="print a JSON summary")
        sub.add_parser("industries-load", help="load the GB/T 4754-2017 industry list (行业代码)")
        search = sub.add_parser(
            "search-indexes", help="show the search gram indexes; --create rebuilds missing ones (检索索引)"
        )
        search.add_argument("--create", action="store_true", help="create the missing indexes")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "industries-load":
            counts = industries_load(actor=system_actor("industries-load"))
            self.stdout.write(
                f"行业代码 industries: 新增 created {counts['created']}, 更新 updated {counts['updated']}, "
                f"未变 unchanged {counts['unchanged']}"
            )
            return
        if options["action"] == "search-indexes":
            self._search_indexes(create=options["create"])
            return
        self._import(options)

    def _search_indexes(self, *, create: bool) -> None:
        if not search_indexes_supported():
            self.stdout.write("当前数据库不使用检索索引 the database does not use search indexes (SQLite)")
            return
        pending = [o["name"] for r in ImportRun.objects.exclude(deferred=[]) for o in r.deferred]
        if pending:
            self.stdout.write(f"批量装载未恢复的对象 left dropped by a bulk load: {', '.join(pending)}")
            if create:
                deferral.restore_pending()
                self.stdout.write(self.style.SUCCESS("已恢复 rebuilt"))
        missing = gram_indexes_missing()
        if missing and create:
            gram_indexes_create()
            self.stdout.write(self.style.SUCCESS(f"已创建 created: {', '.join(missing)}"))
            missing = gram_indexes_missing()
        for name in GRAM_INDEXES:
            state = "缺失 missing" if name in missing else "正常 present"
            self.stdout.write(f"{name}: {state}")
        if missing or (pending and not create):
            raise CommandError(
                "检索索引缺失，检索会变慢；运行 shijian registry search-indexes --create\n"
                "search indexes are missing, searches are slow; run shijian registry search-indexes --create",
                returncode=1,
            )

    def _import(self, options: dict[str, Any]) -> None:
        if connection.vendor != "postgresql" and not options["json"]:
            self.stderr.write(
                "提示：当前数据库不是PostgreSQL，使用较慢的通用导入方式（无COPY快速通道）。\n"
                "notice: the database is not PostgreSQL; using the slower generic import (no COPY fast path)."
            )
        accepted = [code.strip() for code in options["accept_flagged"].split(",") if code.strip()]
        try:
            summary = registry_import(
                actor=system_actor("registry-import"),
                path=options["file"],
                authority_code=options["authority"],
                errors_path=options["errors"],
                accept_flagged=accepted,
                encoding=options["encoding"],
                batch_size=options["batch_size"],
                progress=not options["no_progress"] and not options["json"],
                defer_indexes=options["defer_indexes"],
            )
        except ImportFailed as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"status": "failed", **exc.as_dict()}, ensure_ascii=False))
            raise _error(exc) from None
        except DomainError as exc:
            raise _error(exc) from None
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
            return
        if summary.already_finished:
            self.stdout.write(
                f"该文件已导入完成（第 {summary.run_id} 次导入），未做任何更改\n"
                f"this file was already imported in full (run {summary.run_id}); nothing changed"
            )
            return
        resumed = (
            f"（从第 {summary.resumed_from} 行数据之后继续 resumed after data row {summary.resumed_from}）"
            if summary.resumed_from
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"导入完成 import finished{resumed}: {summary.rows_done} 行 rows, "
                f"成功 ok {summary.rows_ok}, 错误 failed {summary.rows_failed}; "
                f"新增 created {summary.created}, 变更 updated {summary.updated}, "
                f"未变 unchanged {summary.unchanged} ({summary.method}, {summary.rows_per_second:.0f} rows/s)"
            )
        )
        self.stdout.write(f"错误报告 error report: {summary.error_report}")
