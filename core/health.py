"""`/healthz`: a liveness probe for load balancers (no database, no session), and the benchmarks' baseline."""

from flask import Blueprint, Response

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer "ok" when the process serves requests."""
    return Response("ok", mimetype="text/plain", headers={"Cache-Control": "no-store"})
