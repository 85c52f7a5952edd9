"""The annual sweep: who is listed, who not, re-runs, resuming after an interruption, the command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from shijian.core.errors import Conflict
from shijian.credit.abnormal.models import AbnormalListing, SweepRun
from shijian.credit.abnormal.sweep import abnormal_sweep
from shijian.registry.models import MarketEntity
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .factories import SYSTEM, D, file_report, individual

pytestmark = pytest.mark.django_db
TODAY = D(2026, 7, 10)


def population(world: World) -> dict[str, MarketEntity]:
    """One entity of every case the sweep must tell apart."""
    entities = {
        "unfiled": make_entity(world),
        "individual": individual(world),
        "established_2025": make_entity(world, established_on=D(2025, 8, 1)),  # owes its 2025 report
        "established_2026": make_entity(world, established_on=D(2026, 2, 1)),  # owes nothing yet
        "filed": make_entity(world),
        "filed_late": make_entity(world),
        "deregistered": make_entity(world),
        "other_county": make_entity(world, scope="out"),
    }
    file_report(world, entities["filed"], today=D(2026, 3, 2))
    file_report(world, entities["filed_late"], today=D(2026, 7, 5))
    MarketEntity.objects.filter(pk=entities["deregistered"].pk).update(status="deregistered")
    return entities


def listed_names(entities: dict[str, MarketEntity]) -> set[str]:
    ids = set(AbnormalListing.objects.values_list("entity_id", flat=True))
    return {name for name, entity in entities.items() if entity.pk in ids}


def test_the_sweep_lists_every_entity_without_its_report(world: World) -> None:
    entities = population(world)
    summary = abnormal_sweep(actor=SYSTEM, report_year=2025, today=TODAY, batch_size=2)
    assert listed_names(entities) == {"unfiled", "individual", "established_2025", "other_county"}
    assert summary.listed == 3 and summary.marked == 1 and summary.failed == 0
    assert summary.status == "finished" and summary.batches == 2
    modes = dict(AbnormalListing.objects.values_list("entity_id", "mode"))
    assert modes[entities["individual"].pk] == "status" and modes[entities["unfiled"].pk] == "list"
    listing = AbnormalListing.objects.get(entity=entities["unfiled"])
    assert listing.report_year == 2025 and listing.ground_on == D(2026, 7, 1) and listing.decided_on == TODAY
    assert listing.list_due == D(2026, 7, 15) and not listing.listed_late
    # Numbers per authority: the other county's bureau starts its own series.
    other = AbnormalListing.objects.get(entity=entities["other_county"])
    assert other.document_number == "老市监异列〔2026〕1号"
    # A second run lists nobody twice.
    again = abnormal_sweep(actor=SYSTEM, report_year=2025, today=D(2026, 7, 13))
    assert again.resumed and AbnormalListing.objects.count() == 4


def test_the_sweep_waits_for_the_deadline(world: World) -> None:
    with pytest.raises(Conflict) as error:
        abnormal_sweep(actor=SYSTEM, report_year=2025, today=D(2026, 6, 30))
    assert error.value.code == "sweep_too_early"
    assert not SweepRun.objects.exists()


def test_an_interrupted_sweep_resumes_after_the_last_committed_batch(world: World) -> None:
    entities = [make_entity(world) for _ in range(5)]

    def crash_after_first_batch(run: SweepRun) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        abnormal_sweep(
            actor=SYSTEM, report_year=2025, today=TODAY, batch_size=2, on_batch=crash_after_first_batch
        )
    run = SweepRun.objects.get(report_year=2025)
    assert run.status == "running" and run.cursor == entities[1].pk and run.listed == 2
    assert AbnormalListing.objects.count() == 2
    summary = abnormal_sweep(actor=SYSTEM, report_year=2025, today=D(2026, 7, 13), batch_size=2)
    assert summary.resumed and summary.status == "finished" and summary.listed == 5
    assert AbnormalListing.objects.count() == 5
    assert AbnormalListing.objects.values("entity").distinct().count() == 5
    # The decision date stays that of the run's start.
    assert set(AbnormalListing.objects.values_list("decided_on", flat=True)) == {TODAY}


def test_the_command(world: World) -> None:
    make_entity(world)
    out = io.StringIO()
    call_command("credit", "abnormal-sweep", "--year", "2025", "--today", "2026-07-10", "--json", stdout=out)
    assert json.loads(out.getvalue())["listed"] == 1
    out = io.StringIO()
    call_command(
        "credit", "abnormal-sweep", "--year", "2025", "--today", "2026-07-10", "--no-progress", stdout=out
    )
    assert "续跑" in out.getvalue()
