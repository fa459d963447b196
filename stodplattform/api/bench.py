"""The benchmark's API pages: the lists, for the public and for a coordinator (bench/run)."""


def pages() -> list[dict]:
    return [
        {"name": "API enterprises", "path": "/api/v1/enterprises", "role": None},
        {"name": "API platforms", "path": "/api/v1/platforms", "role": None},
        {"name": "API enterprises (coordinator)", "path": "/api/v1/enterprises", "role": "coordinator"},
        {"name": "API support cases (coordinator)", "path": "/api/v1/support/cases", "role": "coordinator"},
        {"name": "API meetings (coordinator)", "path": "/api/v1/meetings", "role": "coordinator"},
        {"name": "API events", "path": "/api/v1/events", "role": None},
    ]
