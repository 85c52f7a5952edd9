"""The abnormal-operations list (经营异常名录) and the abnormal status (经营异常状态)."""
