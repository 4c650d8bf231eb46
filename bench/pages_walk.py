"""The page walk: every GET route of the app's URL map, filled with ids of the scale data, as each role that may
open it, timed through a client (the Flask test client, or HTTP to a running server).

`prepare` finds the scale fair's ids and adds, once, what the scale data set has no need for but the walk does
(admin and gate staff accounts, an exhibitor's staff member, an agency, a support project, a finished job with a
file, an API token per role). `discover` turns the URL map into targets (one per `any(...)` alternative), each with
its filled path or the reason it is skipped. `walk` probes each target once per role, keeps the roles it opens for
(a status below 400 that is not a redirect to the login page) and repeats those, within a time cap per target.
"""

import http.client
import re
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import sqlalchemy as sa

from accounts.models import ApiToken, User
from accounts.services import issue_api_token
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth, Hall
from contracts.models import Contract, Lead
from core.jobs.models import Job
from core.storage import storage
from enterprises.models import EnterpriseMember
from fairs.models import Fair, FairStaff
from support.models import Agency, AgencyMember, SupportProgramme, SupportProject
from visitors.models import Badge, Visitor
from visitors.services import badge_in_force, badge_token

PASSWORD = "scale-2026!"
ROLES = ("anonymous", "organizer", "exhibitor", "officer", "staff", "admin")
BENCH_TOKEN = "bench-walk"
KILLED = 0  # the status of a request the server dropped (its worker killed at gunicorn's --timeout)

# Routes the walk cannot apply, and why (everything else in the URL map is walked).
SKIPS = {
    "static": "static files (CSS, JS, images) are served as they are, whatever the fair's size",
    "booths.download_file": "an uploaded application file is streamed as stored; the scale data has none",
    "contracts.download_contract_file": "an uploaded contract file is streamed as stored; the scale data has none",
    "enterprises.logo": "an uploaded logo is streamed as stored; the scale data has none",
}
# Path variables that are not ids of the scale data: (endpoint, variable) first, then the variable alone.
UNKNOWN_TOKEN = "bench-unknown-token"
NOTES = {
    "accounts.confirm": "an unknown token: the refusal (a one-time link cannot be walked twice)",
    "accounts.reset": "an unknown token: the refusal page",
    "enterprises.invitation": "an unknown key: the refusal page",
}


def _one(session, statement):
    return session.scalars(statement.limit(1)).first()


def _user(session, email: str, role: str, now: datetime) -> User:
    user = session.scalars(sa.select(User).where(User.email == email)).first()
    if user is None:
        user = User(email=email, display_name=f"Scale {role}", role=role, locale="vi", active=True, created_at=now,
                    email_confirmed_at=now)
        user.set_password(PASSWORD)
        session.add(user)
        session.flush()
    return user


def prepare(session, code: str, *, secret: str, badge_days: int) -> dict:
    """The ids and tokens the walk fills paths with; adds (once) the walk's own accounts and rows."""
    now = datetime.now(UTC)
    fair = session.scalars(sa.select(Fair).where(Fair.code == code)).one()
    users = {role: _user(session, f"{role}@scale.hoicho.vn", role, now) for role in ROLES[1:]}
    if _one(session, sa.select(FairStaff).where(FairStaff.fair_id == fair.id,
                                                FairStaff.user_id == users["staff"].id)) is None:
        session.add(FairStaff(fair_id=fair.id, user_id=users["staff"].id, assigned_at=now))
    enterprise_id = session.scalars(sa.select(EnterpriseMember.enterprise_id)
                                    .where(EnterpriseMember.user_id == users["exhibitor"].id)).one()
    application = _one(session, sa.select(BoothApplication).where(BoothApplication.fair_id == fair.id,
                                                                  BoothApplication.enterprise_id == enterprise_id))
    booth = _one(session, sa.select(Booth).join(BoothAssignment).where(
        BoothAssignment.application_id == application.id))
    staff_member = _one(session, sa.select(Visitor).where(Visitor.application_id == application.id))
    if staff_member is None:
        staff_member = Visitor(fair_id=fair.id, full_name="Nhân viên gian hàng", email="staff1@scale.vn",
                               country="VN", visitor_type="exhibitor_staff", sectors=[], source="staff",
                               application_id=application.id, created_at=now)
        session.add(staff_member)
        session.flush()
        serial = (session.scalar(sa.select(sa.func.max(Badge.serial)).where(Badge.fair_id == fair.id)) or 0) + 1
        session.add(Badge(fair_id=fair.id, visitor_id=staff_member.id, serial=serial, issued_at=now, changed_at=now))
    agency = _one(session, sa.select(Agency).order_by(Agency.id))
    if agency is None:
        agency = Agency(governing_body="SỞ CÔNG THƯƠNG THÀNH PHỐ HÀ NỘI", name="TRUNG TÂM KHUYẾN CÔNG",
                        abbreviation="TTKC", seat="Hà Nội", signer_title="GIÁM ĐỐC", signer_name="Nguyễn Văn A",
                        recipients=[], created_at=now, updated_at=now)
        session.add(agency)
        session.flush()
        session.add_all([AgencyMember(user_id=users[role].id, agency_id=agency.id)
                         for role in ("organizer", "officer")])
    programme = _one(session, sa.select(SupportProgramme).order_by(SupportProgramme.year.desc()))
    project = _one(session, sa.select(SupportProject).where(SupportProject.programme_id == programme.id))
    if project is None:
        project = SupportProject(programme_id=programme.id, code="DA-01", name="Đề án tham gia hội chợ",
                                 content="fair_participation", state_budget_vnd=10 ** 12, counterpart_vnd=0,
                                 created_at=now)
        session.add(project)
    job = _one(session, sa.select(Job).where(Job.kind == BENCH_TOKEN))
    if job is None:
        blob = storage().put(session, b"bench,walk\n", media_type="text/csv", now=now)
        job = Job(kind=BENCH_TOKEN, params={"fair_id": fair.id}, status="done", progress=1.0,
                  result={"filename": "walk.csv", "mimetype": "text/csv"}, created_by_id=users["organizer"].id,
                  created_at=now, started_at=now, finished_at=now, attempts=1, file_id=blob)
        session.add(job)
    session.flush()
    session.execute(sa.delete(ApiToken).where(ApiToken.name == BENCH_TOKEN))
    tokens = {role: issue_api_token(session, user, BENCH_TOKEN, now=now) for role, user in users.items()}
    buyer = _one(session, sa.select(Visitor).where(Visitor.fair_id == fair.id, Visitor.visitor_type == "trade_buyer")
                 .order_by(Visitor.id))
    ids = {
        "fair_id": fair.id, "code": fair.code, "hall_id": session.scalar(sa.select(sa.func.min(Hall.id))
                                                                      .where(Hall.fair_id == fair.id)),
        "application_id": application.id, "enterprise_id": enterprise_id, "visitor_id": staff_member.id,
        "booth_code": booth.code, "programme_id": programme.id, "project_id": project.id, "agency_id": agency.id,
        "job_id": job.id, "file_id": 1,
        "lead_id": _one(session, sa.select(Lead.id).where(Lead.enterprise_id == enterprise_id).order_by(Lead.id)),
        "contract_id": _one(session, sa.select(Contract.id).where(Contract.seller_enterprise_id == enterprise_id)
                            .order_by(Contract.id)),
        "user_id": users["exhibitor"].id, "badge_token": badge_token(buyer, badge_in_force(session, buyer), secret,
                                                                     days_after_fair=badge_days),
    }
    session.commit()
    return {"ids": ids, "tokens": tokens}


@dataclass
class Target:
    """One GET route with its path filled in (or the reason it is not walked)."""

    rule: str
    endpoint: str
    label: str
    path: str | None
    api: bool
    skip: str | None = None
    note: str | None = None


def _value(endpoint: str, name: str, ids: dict):
    """The value a path variable takes for this endpoint."""
    if name == "code":
        if endpoint == "i18n.set_language":
            return "vi"
        return ids["booth_code"] if endpoint == "booths.booth" else ids["code"]
    if name == "token":
        return ids["badge_token"] if endpoint.startswith(("visitors.badge", "contracts.buyer")) else UNKNOWN_TOKEN
    if name == "key":
        return UNKNOWN_TOKEN
    return ids.get(name)


def discover(app, ids: dict) -> list[Target]:
    """Every GET rule of the URL map as targets; a rule with `any(a, b)` gives one target per alternative."""
    targets = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if "GET" not in rule.methods:
            continue
        api = rule.rule.startswith("/api/")
        if rule.endpoint in SKIPS:
            targets.append(Target(rule.rule, rule.endpoint, rule.rule, None, api, skip=SKIPS[rule.endpoint]))
            continue
        choices = {name: getattr(converter, "items", None) for name, converter in rule._converters.items()}
        variants = [{}]
        for name, items in choices.items():
            values = sorted(items) if items else [_value(rule.endpoint, name, ids)]
            variants = [{**variant, name: value} for variant in variants for value in values]
        for values in variants:
            missing = [name for name, value in values.items() if value is None]
            if missing:
                targets.append(Target(rule.rule, rule.endpoint, rule.rule, None, api,
                                      skip=f"the scale data has no {', '.join(missing)} to open"))
                continue
            path = rule.build(values, append_unknown=False)[1]
            label = rule.rule
            for name, items in choices.items():
                if items:
                    label = re.sub(rf"<any\([^)]*\):{name}>", values[name], label)
            targets.append(Target(rule.rule, rule.endpoint, label, path, api, note=NOTES.get(rule.endpoint)))
    return targets


class WsgiClient:
    """The Flask test client: the app without a server."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, path: str, headers: dict) -> tuple[int, int, str]:
        """(status, body bytes, Location)."""
        response = self.client.get(path, headers=headers)
        return response.status_code, len(response.data), response.headers.get("Location", "")

    def post_form(self, path: str, data: dict) -> tuple[int, str]:
        """POST a form; (status, Location)."""
        response = self.client.post(path, data=data)
        return response.status_code, response.headers.get("Location", "")


class HttpClient:
    """One keep-alive HTTP connection to a server on the loopback, with its cookies."""

    def __init__(self, port: int, timeout: float = 300):
        self.port, self.timeout, self.cookies = port, timeout, {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def _request(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, bytes, str]:
        headers = dict(headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):  # the server may have closed an idle keep-alive connection
            try:
                self.connection.request(method, path, body=body, headers=headers)
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                if attempt:
                    raise
                continue
            response = self.connection.getresponse()
            data = response.read()
            break
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, data, response.headers.get("Location", "")

    def get(self, path: str, headers: dict) -> tuple[int, int, str]:
        """(status, body bytes, Location); status 0 when the server dropped the request (its worker timed out)."""
        try:
            status, data, location = self._request("GET", path, None, headers)
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.wait_until_up()
            return KILLED, 0, ""
        if status == 500:  # perhaps a worker killed at its timeout: the next request must not wait for its boot
            self.wait_until_up()
        return status, len(data), location

    def wait_until_up(self, seconds: float = 60) -> bool:
        """Poll /healthz on a fresh connection until the server answers 200."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                if HttpClient(self.port, timeout=2)._request("GET", "/healthz", None, {})[0] == 200:
                    return True
            except (http.client.HTTPException, OSError):
                pass
            time.sleep(0.3)
        return False

    def get_text(self, path: str) -> str:
        """The body of a GET, as text."""
        return self._request("GET", path, None, {})[1].decode()

    def post_form(self, path: str, data: dict) -> tuple[int, str]:
        """POST a form; (status, Location)."""
        status, _data, location = self._request("POST", path, urlencode(data).encode(),
                                                {"Content-Type": "application/x-www-form-urlencoded"})
        return status, location


def log_in(client, role: str) -> None:
    """Log `role`'s scale account in through the login form (with its CSRF token)."""
    if isinstance(client, WsgiClient):
        page = client.client.get("/login").get_data(as_text=True)
    else:
        page = client.get_text("/login")
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": f"{role}@scale.hoicho.vn", "password": PASSWORD, **({"csrf_token": match[1]} if match else {})}
    status, location = client.post_form("/login", data)
    if status != 302:
        raise RuntimeError(f"{role} could not log in ({status})")


def _opens(status: int, location: str) -> bool:
    """Opened, or failed on the server's side (a 5xx or a killed request is a figure, not a refusal)."""
    return (status < 400 and "/login" not in location) or status >= 500


def walk(targets: list[Target], clients: dict, tokens: dict, *, repeat: int, cap: float, slow: float = 10.0,
         progress=print, cpu: bool = False, checkpoint=None) -> list[dict]:
    """Time each target as each role it opens for; one row per (target, role), skipped targets included. Once one
    role's first request took over `slow` seconds, the roles after it are not tried (listed as `unprobed`). With
    `cpu`, also this process's CPU time per request (the whole request when the app runs in-process on SQLite:
    a figure the other processes of a busy machine hardly move). `checkpoint(rows)` is called after each target."""
    rows = []
    for number, target in enumerate(targets, 1):
        if target.skip:
            rows.append({"route": target.label, "endpoint": target.endpoint, "role": "-", "skip": target.skip})
            continue
        opened, refused, unprobed = [], {}, []
        for index, role in enumerate(ROLES):
            headers = {"Authorization": f"Bearer {tokens[role]}"} if target.api and role != "anonymous" else {}
            client = clients["anonymous" if target.api else role]
            start, start_cpu = time.perf_counter(), time.process_time()
            status, size, location = client.get(target.path, headers)
            first = (time.perf_counter() - start, time.process_time() - start_cpu)
            if _opens(status, location):
                opened.append((role, client, headers, first, status, size))
            else:
                refused[role] = status
            if first[0] > slow:
                unprobed = list(ROLES[index + 1:])
                break
        if not opened:  # nobody opens it with these ids: time the organizer's answer, say so
            role = "organizer"
            headers = {"Authorization": f"Bearer {tokens[role]}"} if target.api else {}
            opened = [(role, clients["anonymous" if target.api else role], headers, None, refused.pop(role), 0)]
        for role, client, headers, first, status, size in opened:
            times, cpus, started = [], [], time.perf_counter()
            if first is not None and first[0] > cap / 2:  # a slow page: its probe is its sample, and counts in the cap
                times, cpus, started = [first[0]], [first[1]], started - first[0]
            while len(times) < repeat and (not times or time.perf_counter() - started < cap):
                start, start_cpu = time.perf_counter(), time.process_time()
                status, size, _location = client.get(target.path, headers)
                times.append(time.perf_counter() - start)
                cpus.append(time.process_time() - start_cpu)
            times_ms, cpus_ms = sorted(t * 1000 for t in times), sorted(t * 1000 for t in cpus)
            rows.append({"route": target.label, "endpoint": target.endpoint, "role": role, "status": status,
                         "n": len(times_ms), "p50_ms": round(statistics.median(times_ms), 1),
                         "p95_ms": round(_p95(times_ms), 1), "max_ms": round(times_ms[-1], 1), "bytes": size,
                         **({"cpu_p50_ms": round(statistics.median(cpus_ms), 1),
                             "cpu_p95_ms": round(_p95(cpus_ms), 1)} if cpu else {}),
                         **({"note": target.note} if target.note else {})})
        rows[-1]["refused"] = refused
        if unprobed:
            rows[-1]["unprobed"] = unprobed
        progress(f"  [{number}/{len(targets)}] {target.label}: " + ", ".join(
            f"{r['role']} {r['status']} {r['p95_ms']} ms" for r in rows if r["route"] == target.label
            and "status" in r))
        if checkpoint:
            checkpoint(rows)
    return rows


def _p95(sorted_ms: list[float]) -> float:
    """The 95th percentile by linear interpolation (with few samples, close to the slowest)."""
    if len(sorted_ms) == 1:
        return sorted_ms[0]
    position = 0.95 * (len(sorted_ms) - 1)
    low = int(position)
    high = min(low + 1, len(sorted_ms) - 1)
    return sorted_ms[low] + (sorted_ms[high] - sorted_ms[low]) * (position - low)
