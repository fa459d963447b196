"""First views: speed as a person feels it (bench/run runs it after the load test).

Many fresh sessions, each signed in through the login form and opening each of its role's main
pages once (the pages every app lists in its bench.py ``first_views()``), a few sessions at a
time. Nothing comes from a page cache kept for the session: it is new. Reports p50 and p95 of
each page, beside the floor (``/_bench/floor``, requested by every session too) and beside
Django admin's change list of the same table (the benchmark's admin site, as the superuser),
all measured in the same run.

Targets (issue 21): every signed-in page's p95 at most half the admin change list's for the
same rows, and at most 20 × the floor's. A page that sums rows instead of listing them (a
dashboard, the report to the funder, a start page's panel; ``"sums": True`` in its app's
``first_views()``) has no change list of the same rows: its ratio to the list of the rows it
sums is shown, and its target is the floor's.
"""

import concurrent.futures
import math
import time

FLOOR_TARGET = 20.0
ADMIN_TARGET = 0.5


class FirstViewFailed(Exception):
    pass


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def named(name: str, only: str) -> bool:
    """Whether a page's name contains ``only``, or one of its comma-separated parts."""
    return any(part.strip() in name for part in only.split(","))


def _timed(browser, path: str, headers: dict) -> tuple[int, float, int]:
    started = time.perf_counter()
    status, _headers, body = browser.request(path, headers=headers)
    return status, (time.perf_counter() - started) * 1000, len(body)


def _session(make_browser, plan: dict, role: str, pages: list[dict], floor: str) -> list[tuple]:
    """One fresh session: sign in, the floor, each page once. (name, role, path, ms) rows."""
    headers = {"Accept-Encoding": "gzip", "Accept": "text/html"}
    browser = make_browser()
    started = time.perf_counter()
    status = browser.login(plan["logins"][role], plan["password"])
    signed_in = (time.perf_counter() - started) * 1000
    if status != 302:
        raise FirstViewFailed(f"Signing in as {role} answered {status}.")
    rows = [("sign in (form post)", role, "/logga-in/", signed_in)]
    status, ms, _size = _timed(browser, floor, headers)
    if status != 200:
        raise FirstViewFailed(f"The floor answered {status}.")
    rows.append(("floor", None, floor, ms))
    for page in pages:
        status, ms, _size = _timed(browser, page["path"], headers)
        if status != 200:
            raise FirstViewFailed(f"{page['path']} as {role} answered {status} on a first view.")
        rows.append((page["name"], role, page["path"], ms))
    return rows


def measure(make_browser, plan: dict, *, sessions: int, concurrency: int, only: str = "", say=print) -> dict:
    """Run the first views; returns the rows of the report (see render)."""
    views = [v for v in plan["first_views"] if named(v["name"], only)]
    if not views:
        return {}
    bad = [v for v in views if v["status"] != 200]
    if bad:
        raise FirstViewFailed(
            "First views erred under the test client: " + ", ".join(f"{v['path']} {v['status']}" for v in bad)
        )
    by_role: dict[str, list[dict]] = {}
    for view in views:
        by_role.setdefault(view["role"], []).append(view)
    floor = next(p["path"] for p in plan["pages"] if p["name"] == "floor")
    # Round by round, every role once per round: the sessions of a role spread over the run.
    work = [role for _ in range(sessions) for role in by_role]
    say(
        f"   {sessions} fresh sessions for each of {len(by_role)} roles, {concurrency} at a time: "
        f"{len(work)} sign-ins, {sum(len(by_role[r]) for r in work)} first views"
    )
    samples: dict[tuple, list[float]] = {}
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(_session, make_browser, plan, role, by_role[role], floor) for role in work]
        for future in concurrent.futures.as_completed(futures):
            for name, role, path, ms in future.result():
                samples.setdefault((name, role, path), []).append(ms)
    info = {(v["name"], v["role"], v["path"]): v for v in views}
    rows = []
    for (name, role, path), values in samples.items():
        view = info.get((name, role, path), {})
        rows.append(
            {
                "name": name,
                "role": role,
                "path": path,
                "n": len(values),
                "p50_ms": percentile(values, 50),
                "p95_ms": percentile(values, 95),
                "queries": view.get("queries"),
                "bytes": view.get("bytes"),
                "admin": view.get("admin"),
                "sums": bool(view.get("sums")),
            }
        )
    judge(rows)
    order = {(v["name"], v["role"]): n for n, v in enumerate(views)}
    rows.sort(
        key=lambda r: (
            r["name"] != "floor",
            r["name"] != "sign in (form post)",
            order.get((r["name"], r["role"]), 0),
        )
    )
    return {"sessions": sessions, "concurrency": concurrency, "rows": rows}


def judge(rows: list[dict]) -> None:
    """Each row's ratios to the floor and to its admin change list, and whether a signed-in
    page met its target (None: not a signed-in page)."""
    floor_row = next(r for r in rows if r["name"] == "floor")
    admin_p95 = {r["path"]: r["p95_ms"] for r in rows if r["name"].startswith("admin:")}
    for row in rows:
        row["x_floor_p95"] = row["p95_ms"] / floor_row["p95_ms"]
        row["x_admin_p95"] = (
            row["p95_ms"] / admin_p95[row["admin"]] if row.get("admin") in admin_p95 else None
        )
        signed_in_page = row["role"] and not row["name"].startswith(("admin:", "sign in"))
        row["met"] = (
            None
            if not signed_in_page
            else row["x_floor_p95"] <= FLOOR_TARGET
            and (row["x_admin_p95"] is None or row["sums"] or row["x_admin_p95"] <= ADMIN_TARGET)
        )


def render(found: dict) -> list[str]:
    if not found:
        return []
    rows = found["rows"]
    lines = [
        "",
        f"First views: {found['sessions']} fresh sessions per role, {found['concurrency']} at a time, each signed "
        "in through the login form and opening each of its role's pages once (no page cache of the session "
        "can serve them). Target for every signed-in page: p95 at most "
        f"{FLOOR_TARGET:.0f} × the floor's and at most {ADMIN_TARGET} × the admin change list's of the same "
        "rows; a page that sums rows (its ratio in italics) is held to the floor's. Queries and bytes: one "
        "request rendered anew (Django's test client).",
        "",
        "| page | role | views | p50 ms | p95 ms | p95 × floor | p95 × admin | target | queries | bytes |",
        "|---|---|--:|--:|--:|--:|--:|:-:|--:|--:|",
    ]
    for r in rows:
        met = {None: "", True: "met", False: "**missed**"}[r["met"]]
        admin = f"{r['x_admin_p95']:.2f}" if r["x_admin_p95"] is not None else ""
        if admin and r.get("sums"):
            admin = f"*{admin}*"
        lines.append(
            f"| {r['name']} | {r['role'] or 'public'} | {r['n']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
            f"{r['x_floor_p95']:.1f} | {admin} | {met} | {r['queries'] if r['queries'] is not None else ''} | "
            f"{r['bytes']:,} |"
            if r["bytes"] is not None
            else f"| {r['name']} | {r['role'] or 'public'} | {r['n']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
            f"{r['x_floor_p95']:.1f} | {admin} | {met} | | |"
        )
    return lines
