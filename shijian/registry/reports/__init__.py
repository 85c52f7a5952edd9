"""Annual reports (年度报告) and ad-hoc disclosures (即时信息)."""
