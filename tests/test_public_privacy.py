"""Acceptance: the public surfaces of the demo data show no personal data and no internal fields.

The demo data (``demo-data --size small``: every app's demo step, 2,000 market
entities of 洛阳市) is built once for this module inside a transaction that is
rolled back at the end. The public activity the demo steps do not create yet
is added on top through the services, the way officers and enterprises would:
a change of address, name and legal representative, a suspension, annual
reports of both forms with non-public and withheld fields, an ad-hoc
disclosure, a licence, a penalty and a complaint in the credit record, and two
simplified-deregistration notices (one with an objection).

An anonymous client then reads every public surface: it crawls the site from
``/``, the search page (with queries taken from demo names), every entity page
and every notice page, following each same-site link that a public page
offers; it reads the public API (search paged by cursor, every entity, the
change feed to its end, the CSV and XLSX exports, divisions, rules, health,
the OpenAPI document) and the credit-report PDF of the entities with the most
public facts. Every response is checked for

* ID-card numbers: every stored ``Person.id_number``, any valid 18-digit
  number and anything shaped like one (division, birth date, sequence);
* phone numbers in full: every stored phone (persons, users, annual reports,
  objections, credit facts) and any mobile number; masked forms
  (``139****5678``) are fine;
* internal fields: the entities' ``supervisor_path`` values, internal keys
  (``supervisor_path``, ``risk_class``, ``registration_authority_id`` …, the
  annual-report fields marked ``INTERNAL``), personal keys with an unmasked
  value, and the values that were filed but not published.

Coverage is asserted too (every entity page, every feed entry, every public
route of the URL configuration and of the API), so the test cannot pass by
reading nothing; routes that are not public must refuse an anonymous reader.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseBase
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from ninja.constants import NOT_SET

from config.api import api
from shijian.accounts.models import User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import ANONYMOUS, system_actor
from shijian.core.clock.models import Clock
from shijian.core.identifiers import idcard_make
from shijian.credit import services as credit_services
from shijian.credit.models import CreditFact
from shijian.inspection import services as inspection_services
from shijian.inspection.domain.draw import commitment
from shijian.inspection.models import Plan
from shijian.registry import services as registry_services
from shijian.registry.demo import SIZES
from shijian.registry.deregistration import services as dereg_services
from shijian.registry.deregistration.models import DeregistrationNotice, Objection
from shijian.registry.domain import EntityType
from shijian.registry.licences import services as licence_services
from shijian.registry.licences.domain import ReformMode
from shijian.registry.models import ChangeFeedEntry, EntityRepresentative, MarketEntity, Person, PublicFact
from shijian.registry.reports import services as report_services
from shijian.registry.reports.domain import (
    CATALOGUES,
    DisclosureKind,
    FieldKind,
    ReportForm,
    Visibility,
    catalogue_version_get,
)
from shijian.registry.reports.models import AnnualReport
from shijian.registry.services import PersonIn
from shijian.testing.calendars import ensure_test_calendar
from shijian.testing.privacy import personal_data_found
from shijian.testing.seeds import restore_seeded_rules

pytestmark = pytest.mark.django_db

SEED = "2026"

#: Values filed but never to be published (non-public fields, optional fields kept back, objectors).
#: Compound surnames do not occur in the demo's generated names, so a hit is a leak.
FULL_FILER = "欧阳静怡"
FULL_FILER_PHONE = "13700451286"
FULL_CONTACT_PHONE = "13912345678"  # public under Art. 9 (1): shown masked
WITHHELD_ASSETS = "98765.4321"
SIMPLIFIED_FILER = "司徒海燕"
SIMPLIFIED_PHONE = "15838381234"  # chosen for publication: shown masked
WITHHELD_TURNOVER = "36.5179"
OBJECTOR = "洛阳市上官恒昌建材有限公司"
OBJECTOR_PHONE = "13698765432"
OBJECTION_REASON = "尚欠货款37.5万元未结清，请求不予简易注销"
COMPLAINANT = "欧阳子涵"
COMPLAINANT_PHONE = "17703791234"
NEW_REPRESENTATIVE = "上官明远"
NEW_REPRESENTATIVE_PHONE = "18637912345"

CANARIES = {
    FULL_FILER: "annual report: filer (internal)",
    WITHHELD_ASSETS: "annual report: total assets (optional, not chosen)",
    SIMPLIFIED_FILER: "simplified report: filer (internal)",
    WITHHELD_TURNOVER: "simplified report: turnover (optional, not chosen)",
    OBJECTOR: "objection: objector (officers only)",
    OBJECTION_REASON: "objection: reason (officers only)",
    COMPLAINANT: "complaint: complainant (never public)",
}

#: Keys that name internal data: never in a public response, whatever the value.
INTERNAL_KEYS = frozenset(
    {
        "supervisor_path",
        "risk_class",
        "registration_authority_id",
        "responsible_person_id",
        "uscc_flagged",
        "name_search",
        "filed_by",
        "recorded_by",
    }
).union(*(catalogue.keys(Visibility.INTERNAL) for catalogue in CATALOGUES))
#: Keys of personal data: allowed in public JSON only with a masked value.
PERSONAL_KEYS = frozenset({"id_number", "phone", "mobile", "contact", "contact_phone"})
_INTERNAL_WORD = re.compile(
    r"(?<![A-Za-z0-9_])(" + "|".join(sorted(map(re.escape, INTERNAL_KEYS))) + r")(?![A-Za-z0-9_])"
)
_DIGIT_RUN = re.compile(r"\d{7,}[Xx]?")
#: The shape of a resident ID number whatever its check character: division, birth date, sequence.
_ID_SHAPE = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)

#: Areas of the site for signed-in staff and enterprises: each route there must refuse anonymous readers.
NOT_PUBLIC_AREAS = ("workbench/", "registry/", "enterprise/", "clocks/", "history/")
#: Sign-in machinery: no registry data (covered by shijian/web/tests/test_personal_data_scan.py).
AUTH_ROUTES = {"login/", "logout/", "i18n/setlang/"}
#: Where an anonymous crawl does not go: the admin, sign-in, the areas above, static files.
SKIP_PREFIXES = (
    "/admin/",
    "/login/",
    "/logout/",
    "/i18n/",
    "/static/",
    "/media/",
    *(f"/{area}" for area in NOT_PUBLIC_AREAS),
)
#: Credit-report PDFs are slow to render (about 0.3 s each with the HarfBuzz subsetting library,
#: half a minute without): a sample of the entities with the most public facts.
PDF_SAMPLE = 5


# --- the data ------------------------------------------------------------------------


@dataclass
class Demo:
    """The demo data and what must never be public."""

    usccs: list[str]
    notice_ids: list[int]
    activity_usccs: list[str]
    id_numbers: frozenset[str]
    phones: frozenset[str]
    supervisor_paths: frozenset[str]
    canaries: dict[str, str]
    summary: dict[str, Any]


def _represent(entity: MarketEntity, user: User) -> None:
    EntityRepresentative.objects.get_or_create(
        entity=entity, user=user, defaults={"granted_on": dt.date(2020, 1, 1)}
    )


def _pick(entity_type: EntityType, *, skip: int = 0, before: dt.date = dt.date(2024, 1, 1)) -> MarketEntity:
    """A deterministic active demo entity of ``entity_type`` established before ``before``."""
    found = (
        MarketEntity.objects.filter(entity_type=entity_type.value, status="active", established_on__lt=before)
        # Not one the demo already gave a report for last year or put on a credit list: the
        # activity below files that report and deregisters some of them.
        .exclude(annual_reports__report_year=timezone.localdate().year - 1)
        .exclude(credit_facts__category="list")
        .order_by("id")
    )
    return found[skip]


def _public_activity(today: dt.date) -> list[str]:
    """What happens on a register after it is loaded, through the services; returns the entities touched."""
    registrar = actor_for_user(User.objects.get(username="officer"))
    enterprise_user = User.objects.get(username="enterprise")
    enterprise = actor_for_user(enterprise_user)
    system = system_actor("privacy-scan")

    company = _pick(EntityType.LLC)
    shop = _pick(EntityType.INDIVIDUAL_BUSINESS)
    renamed = _pick(EntityType.LLC, skip=1)
    suspended = _pick(EntityType.INDIVIDUAL_BUSINESS, skip=1)
    closing = _pick(EntityType.INDIVIDUAL_BUSINESS, skip=2)
    closed = _pick(EntityType.INDIVIDUAL_BUSINESS, skip=3)
    for entity in (company, shop):
        _represent(entity, enterprise_user)

    # 变更登记: address, name and legal representative (a new person with ID and phone).
    registry_services.entity_change(
        actor=registrar,
        entity=renamed,
        changes={
            "name": f"{renamed.name.removesuffix('有限公司')}科技有限公司",
            "address": f"{renamed.address.split('号')[0]}号2号楼1101室",
            "responsible_person": PersonIn(
                name=NEW_REPRESENTATIVE,
                id_number=idcard_make("410305", dt.date(1983, 7, 19), 37),
                phone=NEW_REPRESENTATIVE_PHONE,
            ),
        },
        changed_on=today,
        document_number="（洛）登字〔2026〕第1186号",
        today=today,
    )
    registry_services.entity_suspend(
        actor=registrar,
        entity=suspended,
        on=today,
        until=today + dt.timedelta(days=365),
        reason="经营者身体原因",
        today=today,
    )

    # 年度报告: the full form with internal fields and withheld figures, the simplified form.
    report_services.annual_report_file(
        actor=enterprise,
        entity=company,
        report_year=today.year - 1,
        form=ReportForm.FULL,
        payload={
            "address": company.address,
            "postal_code": "471000",
            "phone": FULL_CONTACT_PHONE,
            "email": "office@example.com",
            "operating_status": "operating",
            "investments": [],
            "contributions": [
                {
                    "shareholder": "洛阳国宏投资控股集团有限公司",
                    "subscribed_amount": "100",
                    "paid_amount": "60",
                }
            ],
            "equity_transfers": [],
            "websites": [{"kind": "website", "name": "公司官网", "url": "https://www.example.com"}],
            "employees": 23,
            "total_assets": WITHHELD_ASSETS,
            "total_liabilities": "4120.5",
            "guarantees": [],
            "owners_equity": "-5.5",
            "total_revenue": "3100",
            "main_revenue": "2980",
            "total_profit": "-2",
            "net_profit": "-2",
            "total_tax": "7.25",
            "graduates_hired": 3,
            "veterans_hired": 1,
            "filer_name": FULL_FILER,
            "filer_phone": FULL_FILER_PHONE,
        },
        public_fields=["employees", "total_revenue"],
        today=today,
    )
    report_services.annual_report_file(
        actor=enterprise,
        entity=shop,
        report_year=today.year - 1,
        form=ReportForm.SIMPLIFIED,
        payload={
            "licences": [
                {"name": "食品经营许可证", "number": "JY14103050012345", "valid_until": "2030-01-01"}
            ],
            "turnover": WITHHELD_TURNOVER,
            "total_tax": "0",
            "employees": 2,
            "websites": [],
            "phone": SIMPLIFIED_PHONE,
            "filer_name": SIMPLIFIED_FILER,
        },
        public_fields=["phone", "employees"],
        today=today,
    )

    # 即时信息 and 行政许可.
    report_services.disclosure_submit(
        actor=enterprise,
        entity=company,
        kind=DisclosureKind.CAPITAL,
        formed_on=today - dt.timedelta(days=10),
        content={
            "shareholder": "洛阳国宏投资控股集团有限公司",
            "subscribed_amount": "100",
            "paid_amount": "80",
        },
        today=today,
    )
    item = licence_services.licence_item_create(
        actor=system,
        code="PRIVACY-SCAN-001",
        name="食品经营许可",
        department="洛阳市市场监督管理局",
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        reform_mode=ReformMode.OPTIMISED,
        supervision_measure="开展“双随机、一公开”监管",
    )
    licence_services.licence_grant(
        actor=registrar,
        entity=company,
        item=item,
        number="JY14103050099001",
        scope="预包装食品销售",
        issued_on=today - dt.timedelta(days=3),
        expires_on=today + dt.timedelta(days=5 * 365),
        today=today,
    )

    # 信用信息: a penalty naming the legal representative, a complaint that is never public.
    person = company.responsible_person
    credit_services.credit_fact_record(
        actor=registrar,
        entity=company,
        kind="penalty",
        title="警告并罚款人民币五千元",
        decided_on=today - dt.timedelta(days=5),
        source_department="洛阳市市场监督管理局",
        document_number="洛市监罚〔2026〕118号",
        legal_basis="《中华人民共和国食品安全法》第一百二十四条",
        body={
            "party": company.name,
            "representative": person.name,
            "id_number": person.id_number,
            "phone": person.phone,
            "facts": (
                f"当事人法定代表人{person.name}（身份证号{person.id_number}，电话{person.phone}）"
                "在经营场所销售超过保质期的食品"
            ),
        },
        person=person,
        today=today,
    )
    credit_services.credit_fact_record(
        actor=registrar,
        entity=company,
        kind="complaint.received",
        title="消费者投诉：预付卡退款纠纷",
        decided_on=today - dt.timedelta(days=4),
        source_department="洛阳市12315投诉举报中心",
        body={"complainant": COMPLAINANT, "phone": COMPLAINANT_PHONE},
        today=today,
    )

    # 简易注销: one notice open with an objection, one completed.
    notice = dereg_services.deregistration_apply(
        actor=registrar, entity=closing, applied_on=today - dt.timedelta(days=2), today=today
    )
    dereg_services.objection_lodge(
        actor=ANONYMOUS,
        notice=notice,
        objector_name=OBJECTOR,
        objector_kind="creditor",
        contact=OBJECTOR_PHONE,
        reason=OBJECTION_REASON,
        today=today,
    )
    earlier = today - dt.timedelta(days=40)
    done = dereg_services.deregistration_apply(
        actor=registrar, entity=closed, applied_on=earlier, today=earlier
    )
    dereg_services.deregistration_complete(actor=registrar, notice=done, today=today)
    return [e.uscc for e in (company, shop, renamed, suspended, closing, closed)]


def _inspection_draw(today: dt.date) -> int:
    """A random-inspection plan of the officer's department, frozen, committed and drawn; its id."""
    user = User.objects.get(username="officer")
    officer = actor_for_user(user)
    inspection_services.item_create(
        actor=officer,
        code="PRIV-001",
        name="食品经营者落实主体责任情况检查",
        department="食品经营监督管理科",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        kind="key",
        checklist=["许可证在有效期内", "从业人员健康证明"],
    )
    plan = inspection_services.plan_create(
        actor=officer,
        number="隐私扫描-2026-001",
        title="食品经营主体双随机抽查",
        kind="special",
        year=today.year,
        lead=user.org_unit,
        item_codes=["PRIV-001"],
        window_start=today,
        window_end=today + dt.timedelta(days=60),
    )
    plan = inspection_services.plan_freeze(actor=officer, plan=plan, today=today)
    secrets = ["privacy-scan-witness-1", "privacy-scan-witness-2"]
    for n, secret in enumerate(secrets, start=1):
        inspection_services.witness_commit(
            actor=officer, plan=plan, witness_name=f"见证人{n}", commitment_hex=commitment(secret)
        )
    inspection_services.draw_perform(actor=officer, plan=plan, secrets=secrets)
    return plan.pk


def _stored_phones() -> set[str]:
    phones = set(Person.objects.exclude(phone="").values_list("phone", flat=True))
    phones |= set(User.objects.exclude(phone="").values_list("phone", flat=True))
    phones |= set(Objection.objects.values_list("contact", flat=True))
    phones |= {str(b["phone"]) for b in CreditFact.objects.values_list("body", flat=True) if b.get("phone")}
    for report in AnnualReport.objects.all():
        catalogue = catalogue_version_get(report.catalogue_version)
        for spec in catalogue.fields:
            value = report.payload.get(spec.key)
            if spec.kind is FieldKind.PHONE and value:
                phones.add(str(value))
    digits = {re.sub(r"\D", "", p) for p in phones}
    return {p for p in digits if len(p) >= 7}


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Demo]:
    """The demo data with public activity on top, once for the module, rolled back afterwards."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))  # inspection snapshots
    with media, django_db_blocker.unblock(), transaction.atomic():
        restore_seeded_rules()  # a transactional test earlier in this process may have flushed them
        ensure_test_calendar()  # likewise: the years chinesecalendar lacks (the demo runs on today's date)
        out = io.StringIO()
        call_command("demo_data", "--size", "small", "--seed", SEED, "--json", stdout=out)
        summary = json.loads(out.getvalue())
        today = timezone.localdate()
        activity = _public_activity(today)
        _inspection_draw(today)
        names = " ".join(MarketEntity.objects.values_list("name", flat=True))
        assert not [c for c in CANARIES if c in names], "a canary collides with a demo name"
        yield Demo(
            usccs=sorted(MarketEntity.objects.values_list("uscc", flat=True)),
            notice_ids=sorted(DeregistrationNotice.objects.values_list("id", flat=True)),
            activity_usccs=activity,
            id_numbers=frozenset(n.upper() for n in Person.objects.values_list("id_number", flat=True)),
            phones=frozenset(_stored_phones()),
            supervisor_paths=frozenset(MarketEntity.objects.values_list("supervisor_path", flat=True)),
            canaries=dict(CANARIES),
            summary=summary,
        )
        transaction.set_rollback(True)


# --- the checks ----------------------------------------------------------------------


def _masked(value: Any) -> bool:
    text = str(value)
    return not text.strip() or ("*" in text and not personal_data_found(text))


def _json_key_findings(data: Any, where: str = "$") -> Iterator[str]:
    """Internal keys, and personal keys with an unmasked value, anywhere in a JSON document."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in INTERNAL_KEYS:
                yield f"internal key {where}.{key}"
            elif key in PERSONAL_KEYS and isinstance(value, str | int) and not _masked(value):
                yield f"unmasked {where}.{key}={value}"
            yield from _json_key_findings(value, f"{where}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _json_key_findings(value, f"{where}[{index}]")


@dataclass
class Scanner:
    """Checks response texts against the demo's secrets and keeps the findings."""

    demo: Demo
    findings: list[tuple[str, str]] = field(default_factory=list)
    scanned: Counter[str] = field(default_factory=Counter)

    def text_findings(self, text: str, *, schema: bool = False) -> list[str]:
        """Personal data and internal values in ``text`` (``schema``: a document describing the API)."""
        found = [f"personal data {m}" for m in personal_data_found(text)]
        found.extend(f"ID-shaped number {m}" for m in _ID_SHAPE.findall(text))
        id_lengths = {len(n) for n in self.demo.id_numbers}
        phone_lengths = {len(p) for p in self.demo.phones}
        for run in _DIGIT_RUN.findall(text):
            run = run.upper()
            for length in id_lengths:
                for i in range(len(run) - length + 1):
                    if run[i : i + length] in self.demo.id_numbers:
                        found.append(f"stored ID number {run[i : i + length]}")
            digits = run.rstrip("X")
            for length in phone_lengths:
                for i in range(len(digits) - length + 1):
                    if digits[i : i + length] in self.demo.phones:
                        found.append(f"stored phone {digits[i : i + length]}")
        found.extend(f"supervisor path {p}" for p in self.demo.supervisor_paths if p in text)
        found.extend(f"{what}: {value}" for value, what in self.demo.canaries.items() if value in text)
        if not schema:
            found.extend(f"internal field name {m}" for m in sorted(set(_INTERNAL_WORD.findall(text))))
        return found

    def check(self, surface: str, url: str, text: str, *, data: Any = None, schema: bool = False) -> None:
        """Scan one response (``data``: its parsed JSON) and count it under ``surface``."""
        found = self.text_findings(text, schema=schema)
        if data is not None and not schema:
            found.extend(_json_key_findings(data))
        self.findings.extend((url, f) for f in found)
        self.scanned[surface] += 1


# --- reading responses -----------------------------------------------------------------


#: Links of a page (the templates quote their attributes; HTMLParser is ten times slower here).
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def _body(response: HttpResponseBase) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _xlsx_text(content: bytes) -> tuple[str, int]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = [
        "\t".join("" if cell is None else str(cell) for cell in row)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    return "\n".join(rows), len(rows)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _public_api_operations() -> list[tuple[str, re.Pattern[str], bool]]:
    """Every GET operation of the API: (path, pattern, anonymous), from the routers themselves."""
    get_resolver().url_patterns  # noqa: B018 - imports the URL configuration, which binds the routers
    operations = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                if "GET" not in operation.methods:
                    continue
                auth = operation.auth_param
                if auth is NOT_SET:
                    auth = router.auth if router.auth is not NOT_SET else api.auth
                full = "/api" + ("/" + prefix.strip("/") if prefix.strip("/") else "") + path
                pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(full)) + "$")
                operations.append((full, pattern, auth in (None, NOT_SET)))
    return operations


def _site_routes() -> list[str]:
    """Every route of the URL configuration outside the admin and the API."""

    def walk(patterns: Iterable[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return [r for r in walk(get_resolver().url_patterns, "") if not r.startswith(("admin/", "api/"))]


# --- the crawl ---------------------------------------------------------------------------


@dataclass
class Scan:
    """What was read and found."""

    scanner: Scanner
    statuses: dict[str, int] = field(default_factory=dict)
    site_routes: set[str] = field(default_factory=set)
    api_paths: set[str] = field(default_factory=set)
    pdf_links: set[str] = field(default_factory=set)
    languages: Counter[str] = field(default_factory=Counter)
    skipped_links: set[str] = field(default_factory=set)
    entity_pages: set[str] = field(default_factory=set)
    entity_api: set[str] = field(default_factory=set)
    notice_pages: set[str] = field(default_factory=set)
    feed_entries: int = 0
    feed_pages: int = 0
    search_api_pages: int = 0
    export_rows: int = 0
    pdfs: int = 0
    errors: list[str] = field(default_factory=list)


class Reader:
    """An anonymous visitor reading pages and API responses and handing them to the scanner."""

    def __init__(self, scan: Scan, *, language: str = "zh-hans") -> None:
        self.scan = scan
        self.client = Client()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # what the language switch sets

    def get(self, url: str, surface: str) -> tuple[HttpResponseBase, bytes]:
        response = self.client.get(url)
        body = _body(response)
        self.scan.statuses[url] = response.status_code
        if response.status_code != 200:
            self.scan.errors.append(f"{url} -> {response.status_code}")
            return response, body
        path = urlsplit(url).path
        self.scan.languages[response.get("Content-Language", "")] += 1
        content_type = response.get("Content-Type", "")
        scanner = self.scan.scanner
        if path.startswith("/api/"):
            self.scan.api_paths.add(path)
        else:
            self.scan.site_routes.add(resolve(path).route)
        if "json" in content_type:
            data = json.loads(body)
            schema = path == "/api/openapi.json"
            scanner.check(surface, url, json.dumps(data, ensure_ascii=False), data=data, schema=schema)
            return response, body
        if "spreadsheetml" in content_type:
            text, rows = _xlsx_text(body)
            self.scan.export_rows += rows - 1
            scanner.check(surface, url, text)
        elif "text/csv" in content_type:
            text = body.decode("utf-8-sig")
            self.scan.export_rows += max(text.count("\n") - 1, 0)
            scanner.check(surface, url, text)
        elif "application/pdf" in content_type:
            scanner.check(surface, url, _pdf_text(body))
            self.scan.pdfs += 1
        else:
            scanner.check(surface, url, html.unescape(body.decode()), schema=path == "/api/docs")
        return response, body

    def crawl(self, seeds: Iterable[str], public_api: list[re.Pattern[str]]) -> None:
        """Breadth first from ``seeds`` along every same-site link a public page offers."""
        queue = list(dict.fromkeys(seeds))
        seen = set(queue)
        while queue:
            url = queue.pop(0)
            response, body = self.get(url, "page" if not url.startswith("/api/") else "api")
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            path = urlsplit(url).path
            if re.fullmatch(r"/entities/[^/]+/", path):
                self.scan.entity_pages.add(path.split("/")[2])
            elif re.fullmatch(r"/deregistration/\d+/", path):
                self.scan.notice_pages.add(path)
            for href in map(html.unescape, _HREF.findall(body.decode())):
                link = urljoin("http://testserver" + url, href)
                parts = urlsplit(link)
                if parts.netloc not in ("", "testserver") or parts.scheme not in ("http", "https"):
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if parts.path.endswith("/report.pdf"):
                    self.scan.pdf_links.add(parts.path)
                elif parts.path.startswith(SKIP_PREFIXES) or (
                    parts.path.startswith("/api/v1/") and not any(p.match(parts.path) for p in public_api)
                ):
                    self.scan.skipped_links.add(parts.path)
                elif target not in seen:
                    seen.add(target)
                    queue.append(target)

    def api_pages(self, url: str, params: dict[str, Any], cursor_key: str, next_key: str) -> Iterator[Any]:
        """Follow a cursor until the API says there is no more."""
        cursor: Any = params.get(cursor_key)
        while True:
            query = {**params, cursor_key: cursor} if cursor is not None else params
            response, body = self.get(f"{url}?{urlencode(query)}", "api")
            assert response.status_code == 200, (url, query, body[:300])
            data = json.loads(body)
            yield data
            following = data[next_key]
            if following is None or following == cursor or not _has_rows(data):
                return
            cursor = following


def _has_rows(data: dict[str, Any]) -> bool:
    return bool(data.get("results") or data.get("entries"))


def _search_queries(demo: Demo) -> list[str]:
    """Queries a visitor would type, taken from demo names and codes."""
    names = list(MarketEntity.objects.order_by("id").values_list("name", "uscc"))
    picked = names[:: max(len(names) // 3, 1)][:3]
    queries = ["洛阳", "合作社", "轴承"]
    for name, uscc in picked:
        queries += [name, name[3:5], uscc, uscc.lower()]
    queries += [MarketEntity.objects.get(uscc=u).name for u in demo.activity_usccs[:3]]
    return list(dict.fromkeys(q for q in queries if q.strip()))


@pytest.fixture(scope="module")
def scan(demo: Demo, django_db_blocker: Any) -> Scan:
    """Read every public surface once for the module."""
    with django_db_blocker.unblock():
        result = Scan(Scanner(demo))
        operations = _public_api_operations()
        public_api = [pattern for _path, pattern, anonymous in operations if anonymous]
        reader = Reader(result)
        queries = _search_queries(demo)

        # Pages: the site from its entry points, every entity and notice, searches from demo names.
        seeds = ["/", "/entities/", "/deregistration/", "/tools/uscc/", "/tools/deadline/", "/api/docs"]
        seeds += [f"/entities/?{urlencode({'q': q})}" for q in queries]
        seeds += ["/entities/?status=deregistered", "/entities/?type=individual&division=410305"]
        seeds += [f"/tools/uscc/?code={u}" for u in demo.activity_usccs[:2]]
        seeds += [f"/entities/{u}/" for u in demo.usccs]
        seeds += [f"/deregistration/{n}/" for n in demo.notice_ids]
        # Random inspections: the item list, the plan notices (linked from it) and the draw check.
        seeds += ["/inspection/items/", "/inspection/plans/"]
        drawn = Plan.objects.filter(status="drawn").values_list("pk", flat=True)
        seeds += [f"/inspection/plans/{p}/verify/?run=1" for p in drawn]
        reader.crawl(seeds, public_api)

        # The public API.
        for query in [*queries, ""]:
            params: dict[str, Any] = (
                {"q": query, "limit": 100} if query else {"division": "410300", "limit": 100}
            )
            for _page in reader.api_pages("/api/v1/public/entities", params, "cursor", "next_cursor"):
                result.search_api_pages += 1
        for uscc in demo.usccs:
            response, _ = reader.get(f"/api/v1/public/entities/{uscc}", "api")
            if response.status_code == 200:
                result.entity_api.add(uscc)
        for page in reader.api_pages(
            "/api/v1/public/changes", {"after": 0, "limit": 250}, "after", "next_cursor"
        ):
            result.feed_pages += 1
            result.feed_entries += len(page["entries"])
        for export in ("export.csv", "export.xlsx"):
            reader.get(f"/api/v1/public/entities/{export}?division=410300", "export")
            reader.get(f"/api/v1/public/entities/{export}?{urlencode({'q': queries[-1]})}", "export")
        divisions = set(MarketEntity.objects.values_list("division_code", flat=True))
        for code in sorted(divisions | {"410300", "410000"}):
            reader.get(f"/api/v1/divisions/{code}", "api")
        for url in ("/api/v1/health", "/api/v1/rules", "/api/openapi.json"):
            reader.get(url, "api")

        # English pages of the entities with activity, the lists and the notices.
        english = Reader(result, language="en")
        for url in [
            "/",
            "/deregistration/",
            f"/entities/?{urlencode({'q': queries[0]})}",
            *[f"/entities/{u}/" for u in demo.activity_usccs],
            *[f"/deregistration/{n}/" for n in demo.notice_ids],
        ]:
            english.get(url, "page")

        # Credit reports of the entities with the most public facts and changes.
        busiest = (
            MarketEntity.objects.annotate(
                n=Count("public_facts", distinct=True)
                + Count("changes", filter=Q(changes__public=True), distinct=True)
            )
            .order_by("-n", "id")
            .values_list("uscc", flat=True)[:PDF_SAMPLE]
        )
        for uscc in busiest:
            reader.get(f"/entities/{uscc}/report.pdf", "pdf")
        return result


# --- the tests ---------------------------------------------------------------------------


def _report(findings: list[tuple[str, str]]) -> str:
    """The findings by kind, with a few examples of each."""
    by_kind: dict[str, list[str]] = {}
    for url, finding in findings:
        by_kind.setdefault(finding.rsplit(" ", 1)[0] if " " in finding else finding, []).append(
            f"  {url}: {finding}"
        )
    lines = [f"{len(findings)} findings"]
    for kind, examples in by_kind.items():
        lines += [f"{kind}: {len(examples)}", *examples[:3]]
    return "\n".join(lines)


def test_the_scanner_sees_what_it_must(demo: Demo) -> None:
    scanner = Scanner(demo)
    some_id = sorted(demo.id_numbers)[0]
    some_phone = sorted(demo.phones)[0]
    path = sorted(demo.supervisor_paths)[0]
    assert scanner.text_findings(f"<td>{some_id}</td>")
    wrong_check = some_id[:17] + ("0" if some_id[17] != "0" else "1")
    assert scanner.text_findings(f"证件号码 {wrong_check}")  # the shape alone is enough
    assert scanner.text_findings(f"电话：{some_phone}")
    assert scanner.text_findings(path) and scanner.text_findings(f"<dt>{FULL_FILER}</dt>")
    assert scanner.text_findings('{"supervisor_path": "x"}')
    assert list(_json_key_findings({"a": [{"phone": FULL_CONTACT_PHONE}]}))
    assert list(_json_key_findings({"facts": [{"body": {"filer_phone": "137****1286"}}]}))
    assert not list(_json_key_findings({"phone": "139****5678", "id_number": "4103**********1234"}))
    masked = f"{some_id[:4]}{'*' * (len(some_id) - 8)}{some_id[-4:]} {some_phone[:3]}****{some_phone[-4:]}"
    assert scanner.text_findings(masked) == []


def test_the_secrets_exist_so_the_scan_means_something(demo: Demo) -> None:
    assert demo.summary["entities"] == SIZES["small"] and demo.summary["entities_failed"] == 0
    assert len(demo.usccs) == SIZES["small"] and len(demo.id_numbers) >= 0.75 * len(demo.usccs)
    assert (
        len(demo.phones) >= 0.75 * len(demo.usccs)
        and {FULL_FILER_PHONE, OBJECTOR_PHONE, COMPLAINANT_PHONE, NEW_REPRESENTATIVE_PHONE} <= demo.phones
    )
    assert len(demo.supervisor_paths) >= 10
    assert len(demo.notice_ids) >= 2
    facts = Counter(PublicFact.objects.values_list("kind", flat=True))
    assert {
        "registry.annual_report",
        "registry.disclosure",
        "registry.licence",
        "registry.simplified_deregistration",
        "credit.penalty",
    } <= set(facts)
    # The demo's own complaints and the one recorded here with the complainant's phone.
    complaints = CreditFact.objects.filter(kind="complaint.received", public=False)
    assert complaints.count() >= 1 and complaints.filter(body__phone=COMPLAINANT_PHONE).count() == 1


def test_no_public_page_or_api_shows_personal_data_or_internal_fields(scan: Scan) -> None:
    assert scan.scanner.findings == [], _report(scan.scanner.findings)


def test_the_crawl_covered_every_entity_notice_and_feed_entry(scan: Scan, demo: Demo) -> None:
    assert scan.errors == [], scan.errors[:20]
    assert scan.entity_pages == set(demo.usccs)
    assert scan.entity_api == set(demo.usccs)
    assert scan.pdf_links == {f"/entities/{u}/report.pdf" for u in demo.usccs}
    assert scan.notice_pages == {f"/deregistration/{n}/" for n in demo.notice_ids}
    assert scan.feed_entries == ChangeFeedEntry.objects.count() >= len(demo.usccs)
    assert scan.feed_pages >= len(demo.usccs) // 250
    assert scan.search_api_pages >= 40 and scan.export_rows >= 4000
    assert scan.pdfs == PDF_SAMPLE
    assert scan.languages["en"] >= len(demo.activity_usccs) + 3, scan.languages
    assert any(url.startswith("/entities/?") and "cursor=" in url for url in scan.statuses)  # next pages
    counted = scan.scanner.scanned
    assert counted["page"] >= len(demo.usccs) + 100 and counted["api"] >= len(demo.usccs) + 50, counted


def _example(route: str, object_id: int) -> str:
    """A URL of ``route`` with an existing object's id for every parameter."""
    url = route.replace("<str:object_type>", "registry.marketentity")
    return "/" + re.sub(r"<(?:\w+:)?\w+>", str(object_id), url)


def _refusal(client: Client, url: str) -> str | None:
    """How ``url`` refuses an anonymous reader: "login" (sign in first), "404" or "405"; None: it answers."""
    response = client.get(url)
    if response.status_code == 302 and str(response["Location"]).startswith("/login/"):
        return "login"
    return str(response.status_code) if response.status_code in (404, 405) else None


def test_every_public_route_is_scanned_and_the_others_refuse_anonymous_readers(
    scan: Scan, demo: Demo
) -> None:
    client = Client()
    entity = MarketEntity.objects.get(uscc=demo.activity_usccs[0])
    clock = Clock.objects.order_by("id")[0]
    routes = set(_site_routes()) - AUTH_ROUTES
    private = {r for r in routes if r.startswith(NOT_PUBLIC_AREAS)}
    assert len(private) >= 5
    for route in sorted(private):
        url = _example(route, clock.pk if route.startswith("clocks/") else entity.pk)
        assert _refusal(client, url) is not None, f"{route} answers anonymous readers"
    # Elsewhere, a route the crawl did not reach must send anonymous readers to sign in;
    # a public page no public page links to needs a seed in ``scan``.
    unreached = sorted(routes - private - scan.site_routes)
    open_routes = [r for r in unreached if _refusal(client, _example(r, entity.pk)) != "login"]
    assert open_routes == [], f"routes neither scanned nor behind sign-in: {open_routes}"
    for path, pattern, anonymous in _public_api_operations():
        if anonymous:
            assert any(pattern.match(p) for p in scan.api_paths), f"public API {path} was not scanned"
        else:
            example = re.sub(r"\{[^}]+\}", str(entity.pk), path)
            assert client.get(example).status_code == 401, f"{path} answers anonymous readers"
