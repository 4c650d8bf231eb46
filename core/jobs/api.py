"""JSON API for jobs: follow one, fetch the file it made."""

import marshmallow as ma

from core.api import PROBLEM_JSON, Blueprint, ProblemSchema
from core.auth import ROLES, api_auth_required, api_caller
from core.extensions import db
from core.jobs.models import job_state
from core.jobs.runner import watch_job
from core.jobs.views import job_file_response

api_bp = Blueprint("jobs_api", __name__, url_prefix="/api/v1", description="Background jobs")


class JobStateSchema(ma.Schema):
    """How far a job has got."""

    id = ma.fields.Integer()
    kind = ma.fields.String()
    status = ma.fields.String(metadata={"enum": ["queued", "running", "done", "failed"]})
    progress = ma.fields.Float(metadata={"description": "From 0 to 1"})
    message = ma.fields.String(allow_none=True, metadata={"description": "Why it failed, in the caller's language"})
    result = ma.fields.Dict(allow_none=True)


@api_bp.route("/jobs/<int:job_id>", methods=["GET"])
@api_auth_required(*ROLES)
@api_bp.response(200, JobStateSchema)
@api_bp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON, description="No such job")
def job_api(job_id: int):
    """A job's status, progress, message and result (its starter's and the fair's organizers')."""
    return job_state(watch_job(db.session, job_id, actor=api_caller()))


@api_bp.route("/jobs/<int:job_id>/file", methods=["GET"])
@api_auth_required(*ROLES)
@api_bp.response(200, content_type="application/octet-stream", description="The file the job made")
@api_bp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Not done, or no file")
def job_file_api(job_id: int):
    """The file a finished job made (a 404 until it is done)."""
    return job_file_response(watch_job(db.session, job_id, actor=api_caller()))
