"""Pure rules of random inspections (no Django)."""
