"""Keys that cannot drift: outside development the app refuses to start without the keys every server shares,
or with a data key that does not open the secrets sealed in the database; it never makes a key file."""

import secrets

import pytest
from nacl.secret import SecretBox

from app import create_app
from core.config import ConfigurationError
from core.extensions import db
from core.sealing import seal

PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": "s" * 64, "PUBLIC_BASE_URL": "https://hoicho.example.vn"}


@pytest.fixture
def clean_environment(monkeypatch):
    """No key from the test runner's environment."""
    for name in ("APP_ENV", "SECRET_KEY", "PUBLIC_BASE_URL", "DATA_ENCRYPTION_KEY", "DATA_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)


def _sealed_database(tmp_path, key_hex: str) -> str:
    """A database holding one fair key sealed under `key_hex`."""
    url = f"sqlite:///{tmp_path}/sealed.sqlite3"
    builder = create_app({"APP_ENV": "development", "SQLALCHEMY_DATABASE_URI": url, "DATA_ENCRYPTION_KEY": key_hex})
    with builder.app_context():
        db.create_all()
        db.session.execute(db.text("INSERT INTO fair (code, name_vi, name_en, venue, province, starts_on, ends_on, "
                                   "status, max_booths_per_application, setup_days, created_at, updated_at) VALUES "
                                   "('F', 'F', 'F', 'v', 'Hà Nội', '2027-01-01', '2027-01-02', 'draft', 4, 0, "
                                   "'2026-12-01 00:00:00.000000', '2026-12-01 00:00:00.000000')"))
        db.session.execute(db.text("INSERT INTO fair_key (fair_id, public_key, sealed_seed, created_at) VALUES "
                                   "(1, :public, :sealed, '2026-12-01 00:00:00.000000')"),
                           {"public": b"p" * 32, "sealed": seal(b"seed" * 8)})
        db.session.commit()
        db.engine.dispose()
    return url


def test_production_refuses_to_start_without_secret_key(clean_environment, tmp_path):
    """Each gunicorn worker would draw its own key and logins would fail: no start, and the message says why."""
    config = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(config | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.sqlite3"})


def test_production_refuses_to_start_without_public_base_url(clean_environment, tmp_path):
    """Links in e-mails need the site's address: no start without it."""
    config = {key: value for key, value in PRODUCTION.items() if key != "PUBLIC_BASE_URL"}
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL"):
        create_app(config | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.sqlite3"})


def test_production_is_the_default_mode(clean_environment, tmp_path):
    """Nothing said: production, so a forgotten setting cannot slip through."""
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.sqlite3"})


def test_production_needs_the_data_key_once_secrets_are_sealed_and_checks_it_opens_them(clean_environment,
                                                                                         tmp_path):
    """Without DATA_ENCRYPTION_KEY, or with another server's key, the app refuses; with the right one it starts."""
    key = secrets.token_hex(SecretBox.KEY_SIZE)
    url = _sealed_database(tmp_path, key)
    key_file = tmp_path / "data.key"
    base = PRODUCTION | {"SQLALCHEMY_DATABASE_URI": url, "DATA_KEY_FILE": str(key_file)}
    with pytest.raises(ConfigurationError, match="DATA_ENCRYPTION_KEY is not set"):
        create_app(base)
    assert not key_file.exists()  # no key made up on the spot
    with pytest.raises(ConfigurationError, match="does not open"):
        create_app(base | {"DATA_ENCRYPTION_KEY": secrets.token_hex(SecretBox.KEY_SIZE)})
    application = create_app(base | {"DATA_ENCRYPTION_KEY": key})
    with application.app_context():
        db.engine.dispose()


def test_production_never_makes_a_key_file(clean_environment, tmp_path):
    """An empty database starts without a data key, but sealing then fails naming the variable, and no file appears."""
    key_file = tmp_path / "data.key"
    application = create_app(PRODUCTION | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/empty.sqlite3",
                                           "DATA_KEY_FILE": str(key_file)})
    with application.app_context(), pytest.raises(ConfigurationError, match="DATA_ENCRYPTION_KEY"):
        seal(b"secret")
    assert not key_file.exists()


def test_development_makes_its_key_file(clean_environment, tmp_path):
    """`./dev run` (APP_ENV=development) needs no keys: a data key file is made once and reused."""
    key_file = tmp_path / "data.key"
    application = create_app({"APP_ENV": "development", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/d.sqlite3",
                              "DATA_KEY_FILE": str(key_file)})
    with application.app_context():
        seal(b"secret")
    assert len(key_file.read_text().strip()) == 64
