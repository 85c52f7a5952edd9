"""Roles a person can hold on the platform (角色)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A role; the value is stored in the database, the labels are shown to people."""

    OFFICER = "officer"
    SECTION_CHIEF = "section_chief"
    LEGAL_REVIEWER = "legal_reviewer"
    BUREAU_HEAD = "bureau_head"
    SYSTEM_ADMIN = "system_admin"
    ENTERPRISE = "enterprise"
    PARTNER_DEPARTMENT = "partner_department"

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return ROLE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return ROLE_LABELS[self][1]


ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.OFFICER: ("执法人员", "Enforcement officer"),
    Role.SECTION_CHIEF: ("科室负责人", "Section chief"),
    Role.LEGAL_REVIEWER: ("法制审核人员", "Legal reviewer"),
    Role.BUREAU_HEAD: ("局负责人", "Bureau head"),
    Role.SYSTEM_ADMIN: ("系统管理员", "System administrator"),
    Role.ENTERPRISE: ("企业用户", "Enterprise user"),
    Role.PARTNER_DEPARTMENT: ("协同部门用户", "Partner-department user"),
}

#: Roles held by bureau staff (as opposed to enterprises and the public). ``PARTNER_DEPARTMENT``
#: (other departments asking about joint punishment, 联合惩戒) is deliberately not staff: it may
#: use the joint-punishment query and feedback endpoints only (``shijian.credit.joint``).
STAFF_ROLES: frozenset[Role] = frozenset(
    {Role.OFFICER, Role.SECTION_CHIEF, Role.LEGAL_REVIEWER, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN}
)

#: Roles that may approve an extension of a statutory period (延期审批).
APPROVER_ROLES: frozenset[Role] = frozenset({Role.SECTION_CHIEF, Role.BUREAU_HEAD})
