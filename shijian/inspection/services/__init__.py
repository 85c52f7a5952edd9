"""Random-inspection writes: items, plans, freezing the directory, witness commitments and the draw.

Every service is one transaction, validates its input, and writes one audit
record. The draw uses ``shijian.inspection.domain.draw`` only (the same code
the offline ``verify-draw`` runs).

``plans``: the item list and draft plans; ``freeze``: the directory snapshots;
``draw``: witness commitments and the draw itself.
"""

from shijian.inspection.services._common import snapshot_path
from shijian.inspection.services.draw import MIN_WITNESSES, draw_perform, witness_commit
from shijian.inspection.services.freeze import plan_freeze
from shijian.inspection.services.plans import item_create, plan_create, plan_update

__all__ = [
    "MIN_WITNESSES",
    "draw_perform",
    "item_create",
    "plan_create",
    "plan_freeze",
    "plan_update",
    "snapshot_path",
    "witness_commit",
]
