"""Wire contracts into the app: the demo contracts, meetings and leads."""

from flask import Flask

from contracts.demo import load_demo_contracts
from core.demo import register_demo_loader


def init_contracts(app: Flask) -> None:
    """Register the contracts package's demo loader (after the visitors', whose buyers it uses)."""
    register_demo_loader(50, "contracts", load_demo_contracts)
