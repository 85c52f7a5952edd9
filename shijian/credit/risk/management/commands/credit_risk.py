"""`shijian credit-risk classify [--model NAME]`: monthly full reclassification (信用风险分类), resumable."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

from shijian.core.actor import system_actor
from shijian.core.errors import DomainError
from shijian.credit.risk import services
from shijian.credit.risk.models import ClassificationRun
from shijian.registry.models import MarketEntity


class Command(BaseCommand):
    help = (
        "Credit-risk classification (信用风险分类). 'classify' reclassifies every entity under the active "
        "model(s), set-based on PostgreSQL, chunk by chunk; rerun it after an interruption to continue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("classify", help="full reclassification (全量分类)")
        run.add_argument("--model", help="model name (default: every active model)")
        run.add_argument("--as-of", help="classification date YYYY-MM-DD (default: today)")
        run.add_argument("--chunk-size", type=int, default=services.DEFAULT_CHUNK)
        run.add_argument("--engine", choices=["sql", "python"], help="default: sql on PostgreSQL")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = dt.date.fromisoformat(options["as_of"]) if options.get("as_of") else timezone.localdate()
        actor = system_actor("credit-risk classify")
        try:
            models = services.score_models_active(options.get("model"))
        except DomainError as exc:
            raise CommandError(f"{exc.message_zh}\n{exc.message_en}", returncode=1) from exc
        for model in models:
            pending = ClassificationRun.objects.filter(score_model=model, status="running").first()
            if pending is not None:
                self.stderr.write(
                    f"{model}: 继续未完成的批次 resuming run {pending.pk} after id {pending.cursor}"
                )
            top = MarketEntity.objects.aggregate(m=Max("pk"))["m"] or 0
            total = (pending.max_entity_id - pending.cursor) if pending else top
            with tqdm(total=total, desc=str(model), unit="id", unit_scale=True, file=self.stderr) as bar:
                run = services.classification_run(
                    actor=actor,
                    model=model,
                    as_of=as_of,
                    chunk_size=options["chunk_size"],
                    engine=options.get("engine"),
                    progress=bar.update,
                )
            self.stdout.write(
                f"{model}: run {run.pk} {run.status}, {run.entities_classified} classified, "
                f"{run.classes_changed} classes changed (as of {run.as_of})"
            )
