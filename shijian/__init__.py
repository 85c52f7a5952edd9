"""Shijian (市监): an open-source smart market-supervision platform."""

__version__ = "0.1.0"
