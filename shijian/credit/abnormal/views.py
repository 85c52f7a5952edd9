"""Enterprise pages: the listings of my entities and the objection form (提出异议). Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from shijian.core.errors import DomainError, NotFound
from shijian.credit.abnormal import selectors, services
from shijian.credit.abnormal.domain import Ground


@login_required
def my_listings(request: HttpRequest) -> HttpResponse:
    """Listings of the entities I represent."""
    today = timezone.localdate()
    rows = [
        (x, Ground(x.ground).label_zh)
        for x in selectors.listings_represented(actor=request.actor, today=today)[:200]  # type: ignore[attr-defined]
    ]
    return render(request, "credit_abnormal/mine.html", {"rows": rows, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def objection(request: HttpRequest, listing_id: int) -> HttpResponse:
    """The objection form of one listing; a listing I do not represent is not there (404)."""
    today = timezone.localdate()
    actor = request.actor  # type: ignore[attr-defined]
    try:
        listing = selectors.listing_represented_get(actor=actor, listing_id=listing_id, today=today)
    except NotFound:
        raise Http404 from None
    form = {key: request.POST.get(key, "").strip() for key in ("objector_name", "contact", "reason")}
    error: DomainError | None = None
    if request.method == "POST":
        try:
            services.objection_file(
                actor=actor,
                listing=listing,
                objector_name=form["objector_name"][:200],
                contact=form["contact"][:100],
                reason=form["reason"][:6000],
                today=today,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, "异议已提交，登记机关将依法处理。Objection filed.")
            return redirect("abnormal:mine")
    context = {
        "listing": listing,
        "ground": Ground(listing.ground).label_zh,
        "form": form,
        "error": error,
        "open": listing.status == "listed" and today <= listing.objection_until,
    }
    return render(request, "credit_abnormal/objection.html", context, status=422 if error else 200)
