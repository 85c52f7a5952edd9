"""Pure rules of the registry: entity types, statuses, the role of the responsible person."""

from __future__ import annotations

from enum import StrEnum


class EntityType(StrEnum):
    """Kinds of market entity (市场主体类型)."""

    LLC = "llc"
    JOINT_STOCK = "joint_stock"
    NON_COMPANY_LEGAL_PERSON = "non_company"
    SOLE_PROPRIETORSHIP = "sole_proprietorship"
    PARTNERSHIP = "partnership"
    COOPERATIVE = "cooperative"
    INDIVIDUAL_BUSINESS = "individual"
    BRANCH = "branch"

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return ENTITY_TYPE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return ENTITY_TYPE_LABELS[self][1]


ENTITY_TYPE_LABELS: dict[EntityType, tuple[str, str]] = {
    EntityType.LLC: ("有限责任公司", "Limited liability company"),
    EntityType.JOINT_STOCK: ("股份有限公司", "Company limited by shares"),
    EntityType.NON_COMPANY_LEGAL_PERSON: ("非公司企业法人", "Non-company enterprise legal person"),
    EntityType.SOLE_PROPRIETORSHIP: ("个人独资企业", "Sole proprietorship"),
    EntityType.PARTNERSHIP: ("合伙企业", "Partnership"),
    EntityType.COOPERATIVE: ("农民专业合作社", "Farmers' specialised cooperative"),
    EntityType.INDIVIDUAL_BUSINESS: ("个体工商户", "Individual business"),
    EntityType.BRANCH: ("分支机构", "Branch"),
}

#: What the responsible person is called for each type (法定代表人/执行事务合伙人/经营者/负责人).
RESPONSIBLE_ROLE: dict[EntityType, tuple[str, str]] = {
    EntityType.LLC: ("法定代表人", "legal representative"),
    EntityType.JOINT_STOCK: ("法定代表人", "legal representative"),
    EntityType.NON_COMPANY_LEGAL_PERSON: ("法定代表人", "legal representative"),
    EntityType.COOPERATIVE: ("法定代表人", "legal representative"),
    EntityType.SOLE_PROPRIETORSHIP: ("投资人", "investor"),
    EntityType.PARTNERSHIP: ("执行事务合伙人", "managing partner"),
    EntityType.INDIVIDUAL_BUSINESS: ("经营者", "operator"),
    EntityType.BRANCH: ("负责人", "person in charge"),
}


class EntityStatus(StrEnum):
    """Registration status (登记状态)."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    DEREGISTERED = "deregistered"
    RELOCATED_OUT = "relocated_out"

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return STATUS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return STATUS_LABELS[self][1]


STATUS_LABELS: dict[EntityStatus, tuple[str, str]] = {
    EntityStatus.ACTIVE: ("存续（在营、开业、在册）", "active"),
    EntityStatus.SUSPENDED: ("歇业", "business suspended"),
    EntityStatus.REVOKED: ("吊销", "licence revoked"),
    EntityStatus.DEREGISTERED: ("注销", "deregistered"),
    EntityStatus.RELOCATED_OUT: ("迁出", "relocated out"),
}

#: Statuses after which an entity no longer trades; no further changes are registered.
CLOSED_STATUSES: frozenset[EntityStatus] = frozenset({EntityStatus.DEREGISTERED, EntityStatus.RELOCATED_OUT})

#: Which status changes the lifecycle allows (from -> allowed targets).
STATUS_TRANSITIONS: dict[EntityStatus, frozenset[EntityStatus]] = {
    EntityStatus.ACTIVE: frozenset(
        {EntityStatus.SUSPENDED, EntityStatus.REVOKED, EntityStatus.DEREGISTERED, EntityStatus.RELOCATED_OUT}
    ),
    EntityStatus.SUSPENDED: frozenset({EntityStatus.ACTIVE, EntityStatus.REVOKED, EntityStatus.DEREGISTERED}),
    EntityStatus.REVOKED: frozenset({EntityStatus.DEREGISTERED}),
    EntityStatus.DEREGISTERED: frozenset(),
    EntityStatus.RELOCATED_OUT: frozenset(),
}


def status_change_allowed(current: EntityStatus, target: EntityStatus) -> bool:
    """True when the lifecycle allows moving from ``current`` to ``target``."""
    return target in STATUS_TRANSITIONS[current]


def responsible_role(entity_type: EntityType) -> tuple[str, str]:
    """The title of the responsible person for ``entity_type`` (zh, en)."""
    return RESPONSIBLE_ROLE[entity_type]


def uscc_category_matches(uscc: str, entity_type: EntityType) -> bool:
    """Whether the USCC's category (position 2) fits the type: 1 enterprise, 2 individual, 3 cooperative."""
    if len(uscc) < 2 or uscc[0] != "9":
        return True  # other registration departments are not ours to judge
    expected = {EntityType.INDIVIDUAL_BUSINESS: "2", EntityType.COOPERATIVE: "3"}.get(entity_type, "1")
    return uscc[1] == expected
