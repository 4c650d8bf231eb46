"""Files in the database (`stored_blob`), and jobs with an owner, a heartbeat and the file they made.

Uploaded files and job files an older version wrote under UPLOAD_FOLDER (default instance/uploads) are
moved in here when that folder is reachable; `flask --app app files import-disk` moves what was not.

Revision ID: 6de9df15545b
Revises: 8a4e3c1f7d20
Create Date: 2026-12-06 23:50:00

"""
import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path

from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = '6de9df15545b'
down_revision = 'c1d634b53ee8'
branch_labels = None
depends_on = None


def _legacy_folder() -> Path:
    if os.environ.get("UPLOAD_FOLDER"):
        return Path(os.environ["UPLOAD_FOLDER"])
    try:
        from flask import current_app
        return Path(current_app.instance_path) / "uploads"
    except RuntimeError:  # run outside the app: nothing to look in
        return Path("instance") / "uploads"


def _move_disk_files(blob, stored_file, job) -> None:
    """Copy the bytes found on disk into stored_blob rows (the disk copies are left for the operator)."""
    root = _legacy_folder()
    if not root.is_dir():
        return
    bind = op.get_bind()
    now = datetime.now(timezone.utc)

    def put(data: bytes, media_type: str) -> int:
        result = bind.execute(sa.insert(blob).values(
            sha256=hashlib.sha256(data).hexdigest(), media_type=media_type, size_bytes=len(data), data=data,
            created_at=now))
        return result.inserted_primary_key[0]

    rows = bind.execute(sa.select(stored_file.c.id, stored_file.c.sha256, stored_file.c.media_type)
                        .where(stored_file.c.blob_id.is_(None))).all()
    for file_id, digest, media_type in rows:
        path = root / digest[:2] / digest
        if path.is_file():
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() == digest:
                bind.execute(sa.update(stored_file).where(stored_file.c.id == file_id).values(blob_id=put(data, media_type)))
    jobs = bind.execute(sa.select(job.c.id, job.c.result).where(job.c.status == "done")).all()
    for job_id, result in jobs:
        path = root / "jobs" / f"{job_id}.bin"
        if path.is_file() and isinstance(result, dict):
            data = path.read_bytes()
            bind.execute(sa.update(job).where(job.c.id == job_id).values(
                file_id=put(data, result.get("mimetype", "application/octet-stream"))))


def upgrade():
    blob = op.create_table('stored_blob',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=80), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('size_bytes >= 0', name=op.f('ck_stored_blob_size_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_blob'))
    )
    with op.batch_alter_table('stored_blob', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_blob_sha256'), ['sha256'], unique=False)

    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blob_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_stored_file_blob_id'), ['blob_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_stored_file_blob_id_stored_blob'), 'stored_blob', ['blob_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('file_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_job_file_id_stored_blob'), 'stored_blob', ['file_id'], ['id'], ondelete='SET NULL')

    stored_file = sa.table('stored_file', sa.column('id', sa.Integer), sa.column('sha256', sa.String),
                           sa.column('media_type', sa.String), sa.column('blob_id', sa.Integer))
    job = sa.table('job', sa.column('id', sa.Integer), sa.column('status', sa.String), sa.column('result', sa.JSON),
                   sa.column('file_id', sa.Integer))
    _move_disk_files(blob, stored_file, job)


def downgrade():
    # The bytes stay only in the database: run `flask files import-disk` again after an upgrade if the
    # disk copies were removed meanwhile.
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_job_file_id_stored_blob'), type_='foreignkey')
        batch_op.drop_column('file_id')
        batch_op.drop_column('attempts')
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('owner')

    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_stored_file_blob_id_stored_blob'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_stored_file_blob_id'))
        batch_op.drop_column('blob_id')

    with op.batch_alter_table('stored_blob', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_blob_sha256'))

    op.drop_table('stored_blob')
