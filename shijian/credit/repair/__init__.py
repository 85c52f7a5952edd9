"""Credit repair (信用修复): applications, materials, eligibility, decisions and outcome letters."""
