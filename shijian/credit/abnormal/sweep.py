"""The annual sweep (未按时年报企业批量列入): one resumable batch job per report year.

After the ``annual_report.deadline`` of report year *Y* (30 June *Y*+1),
every entity that owes the *Y* report (established in *Y* or earlier), is
still open (active or suspended) and has not filed it, is listed on ground
(1); individual businesses get the abnormal status. The work is committed per
batch of entities in id order; ``SweepRun.cursor`` is the last id of the last
committed batch, so an interrupted run continues where it stopped, and the
unique (entity, report year) listing means nobody is listed twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record
from shijian.core.errors import Conflict, DomainError, ValidationFailed
from shijian.credit import policies
from shijian.credit.abnormal.domain import Ground, Mode, mode_for
from shijian.credit.abnormal.models import AbnormalListing, SweepRun, SweepStatus
from shijian.credit.abnormal.services import OPEN_STATUSES, abnormal_list
from shijian.registry.models import MarketEntity
from shijian.registry.reports.models import AnnualReport
from shijian.registry.reports.selectors import report_deadline

log = logging.getLogger(__name__)

DEFAULT_BATCH = 500
MAX_ERRORS_KEPT = 200


@dataclass(frozen=True, slots=True)
class SweepSummary:
    """What a run of the sweep did."""

    report_year: int
    run_id: int
    status: str
    listed: int
    marked: int
    failed: int
    batches: int
    resumed: bool
    remaining: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "report_year": self.report_year,
            "run_id": self.run_id,
            "status": self.status,
            "listed": self.listed,
            "marked": self.marked,
            "failed": self.failed,
            "batches": self.batches,
            "resumed": self.resumed,
            "remaining": self.remaining,
        }


def sweep_candidates(*, report_year: int) -> QuerySet[MarketEntity]:
    """Entities to list for ``report_year``: owe the report, open, not filed, not already listed for it."""
    filed = AnnualReport.objects.filter(entity=OuterRef("pk"), report_year=report_year)
    listed = AbnormalListing.objects.filter(
        entity=OuterRef("pk"), ground=Ground.ANNUAL_REPORT.value, report_year=report_year
    )
    return (
        MarketEntity.objects.filter(
            status__in=OPEN_STATUSES, established_on__lte=dt.date(report_year, 12, 31)
        )
        .exclude(Exists(filed))
        .exclude(Exists(listed))
        .order_by("pk")
    )


def _run_for(*, actor: Actor, report_year: int, today: dt.date) -> tuple[SweepRun, bool]:
    with transaction.atomic():
        run, created = SweepRun.objects.select_for_update().get_or_create(
            report_year=report_year,
            defaults={
                "status": SweepStatus.RUNNING,
                "decided_on": today,
                "started_by": actor.audit_label[:200],
            },
        )
        if created:
            run.total = sweep_candidates(report_year=report_year).count()
            run.save(update_fields=["total"])
            audit_record(
                actor=actor,
                action="credit.abnormal.sweep_started",
                obj=run,
                after={"report_year": report_year, "total": run.total, "decided_on": today.isoformat()},
            )
        elif run.status == SweepStatus.FINISHED:
            # A finished year may be re-run (e.g. an entity re-opened); it continues from the start.
            run.status = SweepStatus.RUNNING
            run.cursor = 0
            run.save(update_fields=["status", "cursor"])
    return run, not created


def abnormal_sweep(
    *,
    actor: Actor,
    report_year: int,
    today: dt.date,
    batch_size: int = DEFAULT_BATCH,
    progress: bool = False,
    on_batch: Callable[[SweepRun], None] | None = None,
) -> SweepSummary:
    """List every entity that did not file its ``report_year`` report (resumable; see the module docstring).

    Refused before the report deadline has passed. ``on_batch`` is called
    after each committed batch (the command's progress bar, tests).
    """
    if actor.is_system is False:
        policies.require_credit_officer(actor, "credit.abnormal.sweep", "/")
    if batch_size < 1:
        raise ValidationFailed("batch_size", "每批数量至少为1", "the batch size must be at least 1")
    deadline = report_deadline(report_year=report_year).deadline
    if today <= deadline:
        raise Conflict(
            "sweep_too_early",
            f"{report_year}年度报告的报送期限至{deadline.isoformat()}，期满后方可列入",
            f"the {report_year} reports are due by {deadline.isoformat()}: sweep after that day",
            field="year",
        )
    run, resumed = _run_for(actor=actor, report_year=report_year, today=today)
    remaining = sweep_candidates(report_year=report_year).filter(pk__gt=run.cursor).count()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=remaining, desc=f"{report_year}年度未年报列入", unit="户")
    try:
        while True:
            with transaction.atomic():
                locked = SweepRun.objects.select_for_update().get(pk=run.pk)
                batch = list(
                    sweep_candidates(report_year=report_year)
                    .filter(pk__gt=locked.cursor)
                    .select_related("registration_authority")[:batch_size]
                )
                if not batch:
                    locked.status = SweepStatus.FINISHED
                    locked.finished_at = timezone.now()
                    locked.save(update_fields=["status", "finished_at"])
                    run = locked
                    break
                for entity in batch:
                    try:
                        with transaction.atomic():
                            abnormal_list(
                                actor=actor,
                                entity=entity,
                                ground=Ground.ANNUAL_REPORT,
                                ground_on=deadline + dt.timedelta(days=1),
                                decided_on=locked.decided_on,
                                report_year=report_year,
                                today=today,
                                sweep=locked,
                            )
                    except DomainError as exc:
                        locked.failed += 1
                        if len(locked.errors) < MAX_ERRORS_KEPT:
                            locked.errors.append(
                                {
                                    "entity_id": entity.pk,
                                    "uscc": entity.uscc,
                                    "code": exc.code,
                                    "error": exc.message_zh,
                                }
                            )
                        log.warning("sweep %s: entity %s not listed: %s", report_year, entity.pk, exc)
                        continue
                    if mode_for(entity.entity_type) is Mode.STATUS:
                        locked.marked += 1
                    else:
                        locked.listed += 1
                locked.cursor = batch[-1].pk
                locked.batches += 1
                locked.save()
                run = locked
            if bar is not None:
                bar.update(len(batch))
            if on_batch is not None:
                on_batch(run)
    finally:
        if bar is not None:
            bar.close()
    audit_record(
        actor=actor,
        action="credit.abnormal.sweep_finished",
        obj=run,
        after={"listed": run.listed, "marked": run.marked, "failed": run.failed, "batches": run.batches},
    )
    return SweepSummary(
        report_year=report_year,
        run_id=run.pk,
        status=run.status,
        listed=run.listed,
        marked=run.marked,
        failed=run.failed,
        batches=run.batches,
        resumed=resumed,
        remaining=0,
    )
