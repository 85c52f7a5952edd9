"""The serious-violation list (严重违法失信名单, 总局令第44号) - label ``credit_serious``."""
