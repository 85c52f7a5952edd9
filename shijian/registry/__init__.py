"""The market-entity registry (市场主体登记) and the public credit-publicity portal (公示)."""
