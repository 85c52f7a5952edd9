"""Deterministic demo org units and users for one prefecture-level city (洛阳市)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from shijian.accounts import services
from shijian.accounts.models import OrgUnit, OrgUnitKind, User
from shijian.core.actor import Actor
from shijian.core.roles import Role

PROVINCE = ("410000", "河南省", "Henan Province")
CITY = ("410300", "洛阳市", "Luoyang")
#: Luoyang's county-level divisions (GB/T 2260, after the 2021 reorganisation).
COUNTIES: list[tuple[str, str, str]] = [
    ("410302", "老城区", "Laocheng District"),
    ("410303", "西工区", "Xigong District"),
    ("410304", "瀍河回族区", "Chanhe Hui District"),
    ("410305", "涧西区", "Jianxi District"),
    ("410307", "偃师区", "Yanshi District"),
    ("410308", "孟津区", "Mengjin District"),
    ("410311", "洛龙区", "Luolong District"),
    ("410323", "新安县", "Xin'an County"),
    ("410324", "栾川县", "Luanchuan County"),
    ("410325", "嵩县", "Song County"),
    ("410326", "汝阳县", "Ruyang County"),
    ("410327", "宜阳县", "Yiyang County"),
    ("410328", "洛宁县", "Luoning County"),
    ("410329", "伊川县", "Yichuan County"),
]
CITY_SECTIONS = [
    ("OFFICE", "办公室", "General Office"),
    ("CREDIT", "信用监管科", "Credit Supervision Section"),
    ("LEGAL", "法规科", "Legal Affairs Section"),
    ("ENFORCE", "执法稽查局", "Enforcement and Inspection Bureau"),
    ("COMPLAINT", "消费者权益保护科", "Consumer Protection Section"),
]
COUNTY_SECTIONS = [
    ("OFFICE", "办公室", "General Office"),
    ("CREDIT", "信用监管股", "Credit Supervision Unit"),
    ("ENFORCE", "执法大队", "Enforcement Brigade"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌宇浩然子涵"
    "欣怡梓轩雨泽思远晨阳嘉怡俊杰"
)

#: The demo logins, one per role; the password of each is printed by `shijian demo-data`.
DEMO_PASSWORD = "shijian-demo"  # noqa: S105 - printed for the demo, never used in production


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """A demo account shown to the person running the demo."""

    username: str
    role: Role
    description_zh: str
    description_en: str


DEMO_LOGINS = [
    DemoLogin(
        "admin", Role.SYSTEM_ADMIN, "系统管理员（全部辖区）", "system administrator (all jurisdictions)"
    ),
    DemoLogin("head", Role.BUREAU_HEAD, "洛阳市局局负责人", "head of the Luoyang city bureau"),
    DemoLogin(
        "chief", Role.SECTION_CHIEF, "市局信用监管科科长", "chief of the city credit-supervision section"
    ),
    DemoLogin(
        "reviewer",
        Role.LEGAL_REVIEWER,
        "市局法规科法制审核人员",
        "legal reviewer, city legal-affairs section",
    ),
    DemoLogin(
        "officer",
        Role.OFFICER,
        "市局执法稽查局执法人员（全市）",
        "officer, city enforcement bureau (whole city)",
    ),
    DemoLogin(
        "jianxi",
        Role.OFFICER,
        "涧西区局执法人员（仅涧西区）",
        "officer, Jianxi district bureau (Jianxi only)",
    ),
    DemoLogin(
        "enterprise", Role.ENTERPRISE, "企业用户（代表一家市场主体）", "enterprise user (acts for one entity)"
    ),
]


def person_name(rng: random.Random) -> str:
    """A plausible Chinese personal name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _unit(
    actor: Actor, code: str, name: str, name_en: str, kind: str, parent: OrgUnit | None, division: str = ""
) -> OrgUnit:
    existing = OrgUnit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return services.org_unit_create(
        actor=actor, code=code, name=name, name_en=name_en, kind=kind, parent=parent, division_code=division
    )


def build_org_units(actor: Actor) -> dict[str, OrgUnit]:
    """The province, the city, its counties, their bureaus, sections and offices."""
    units: dict[str, OrgUnit] = {}
    province = _unit(actor, PROVINCE[0], PROVINCE[1], PROVINCE[2], OrgUnitKind.PROVINCE, None, PROVINCE[0])
    city = _unit(actor, CITY[0], CITY[1], CITY[2], OrgUnitKind.PREFECTURE, province, CITY[0])
    city_bureau = _unit(
        actor,
        f"{CITY[0]}-AMR",
        "洛阳市市场监督管理局",
        "Luoyang Administration for Market Regulation",
        OrgUnitKind.BUREAU,
        city,
    )
    units["city"] = city
    units["city_bureau"] = city_bureau
    for code, name, name_en in CITY_SECTIONS:
        units[f"city_{code.lower()}"] = _unit(
            actor, f"{CITY[0]}-AMR-{code}", name, name_en, OrgUnitKind.SECTION, city_bureau
        )
    for code, name, name_en in COUNTIES:
        county = _unit(actor, code, name, name_en, OrgUnitKind.COUNTY, city, code)
        bureau = _unit(
            actor,
            f"{code}-AMR",
            f"洛阳市{name}市场监督管理局",
            f"{name_en} Administration for Market Regulation",
            OrgUnitKind.BUREAU,
            county,
        )
        units[code] = county
        units[f"{code}_bureau"] = bureau
        for scode, sname, sname_en in COUNTY_SECTIONS:
            units[f"{code}_{scode.lower()}"] = _unit(
                actor, f"{code}-AMR-{scode}", sname, sname_en, OrgUnitKind.SECTION, bureau
            )
        for index in range(1, 3):
            units[f"{code}_office{index}"] = _unit(
                actor,
                f"{code}-AMR-SJS{index}",
                f"{name}第{index}市场监管所",
                f"{name_en} Market Supervision Office {index}",
                OrgUnitKind.OFFICE,
                bureau,
            )
    return units


def build_users(
    actor: Actor, units: dict[str, OrgUnit], *, officers_per_county: int, seed: int
) -> list[User]:
    """The demo logins plus generated officers with valid enforcement certificates."""
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data, not security
    placement = {
        "admin": units["city_office"],
        "head": units["city_bureau"],
        "chief": units["city_credit"],
        "reviewer": units["city_legal"],
        "officer": units["city_enforce"],
        "jianxi": units["410305_enforce"],
        "enterprise": None,
    }
    created: list[User] = []
    issued = dt.date(2024, 1, 1)
    for login in DEMO_LOGINS:
        if User.objects.filter(username=login.username).exists():
            continue
        user = services.user_create(
            actor=actor,
            username=login.username,
            password=DEMO_PASSWORD,
            display_name=person_name(rng),
            org_unit=placement[login.username],
            roles=[login.role],
            phone=f"139{rng.randrange(10**8):08d}",
        )
        if login.role == Role.OFFICER:
            services.certificate_issue(
                actor=actor,
                user=user,
                number=f"豫{41030000 + user.pk:08d}",
                issued_on=issued,
                expires_on=dt.date(2029, 12, 31),
                issuing_authority="河南省人民政府",
            )
        created.append(user)
    for code, _name, _en in COUNTIES:
        for index in range(officers_per_county):
            username = f"officer-{code}-{index + 1:03d}"
            if User.objects.filter(username=username).exists():
                continue
            unit = units[f"{code}_enforce"] if index % 3 else units[f"{code}_office{1 + index % 2}"]
            user = services.user_create(
                actor=actor,
                username=username,
                password=None,
                display_name=person_name(rng),
                org_unit=unit,
                roles=[Role.OFFICER],
            )
            # A few certificates lapse so that directories have to check validity.
            expires = dt.date(2025, 6, 30) if rng.random() < 0.08 else dt.date(2029, 12, 31)
            services.certificate_issue(
                actor=actor,
                user=user,
                number=f"豫{41030000 + user.pk:08d}",
                issued_on=issued,
                expires_on=expires,
                issuing_authority="河南省人民政府",
            )
            created.append(user)
    return created
