"""Staff page of backtesting (回测): problem-found rate per class and per score decile, chart and CSV."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from shijian.core.errors import DomainError
from shijian.credit.risk import selectors
from shijian.credit.risk.charts import rate_bars_svg


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
def backtest(request: HttpRequest) -> HttpResponse:
    """Backtesting report of a model over the officer's jurisdiction; ``?format=csv`` exports it."""
    actor = request.actor  # type: ignore[attr-defined]
    model = request.GET.get("model") or selectors.DEFAULT_MODEL
    try:
        report = selectors.backtest(
            actor=actor,
            model_name=model,
            since=_date(request.GET.get("since")),
            until=_date(request.GET.get("until")),
        )
        models = selectors.score_model_list(actor=actor)
    except DomainError:
        raise Http404 from None
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="backtest-{model}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM
        writer = csv.writer(response)
        writer.writerow(["table", "group", "inspections", "problems", "rate", "ci95_low", "ci95_high"])
        for table, rates in (("class", report.by_class), ("score_decile", report.deciles)):
            for r in rates:
                writer.writerow(
                    [
                        table,
                        r.group,
                        r.inspections,
                        r.problems,
                        f"{r.rate:.4f}",
                        f"{r.low:.4f}",
                        f"{r.high:.4f}",
                    ]
                )
        return response
    # The SVG is built from numbers and escaped labels only (charts.rate_bars_svg).
    chart = mark_safe(  # noqa: S308 - numbers and escaped labels only
        rate_bars_svg(report.by_class, title="问题发现率（按检查时的风险类别）problem rate by class")
    )
    deciles = mark_safe(rate_bars_svg(report.deciles, title="按分数十分位 by score decile", width=760))  # noqa: S308
    return render(
        request,
        "credit_risk/backtest.html",
        {"report": report, "chart": chart, "deciles_chart": deciles, "models": models, "model": model},
    )
