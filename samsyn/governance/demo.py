"""Load the governance records of a demo partnership from demo_data/<slug>.json (see samsyn.core.demo)."""


def load(partnership, data):
    """Idempotent: loading twice changes nothing."""
