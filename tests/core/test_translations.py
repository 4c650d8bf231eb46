"""Every user-facing string in the code has a Vietnamese translation in the shipped catalog."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {"tests", "migrations", "bench", ".venv", "instance", "test-artifacts", "static", ".git"}


def _extracted_ids() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]

    def keep(filename: str) -> bool:
        return not (set(Path(filename).parts) & SKIPPED_DIRS)

    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords, callback=None,
        directory_filter=lambda path: keep(str(Path(path).relative_to(ROOT))) if path != str(ROOT) else True,
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def test_every_string_in_the_code_is_translated_to_vietnamese():
    """A string added without its translation fails here (run pybabel extract/update, translate, compile)."""
    with (ROOT / "translations" / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string
                  and not m.fuzzy}
    missing = sorted(_extracted_ids() - translated)
    assert missing == []


def _hashable(value):
    # Plural entries carry lists of ids and strings.
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_compiled_catalog_matches_the_po_file():
    """The committed .mo was compiled from the current .po (a fresh clone needs no compile step)."""
    folder = ROOT / "translations" / "vi" / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as handle:
        po = {_hashable(m.id): _hashable(m.string) for m in read_po(handle) if m.id and m.string and not m.fuzzy}
    with (folder / "messages.mo").open("rb") as handle:
        mo = {_hashable(m.id): _hashable(m.string) for m in read_mo(handle) if m.id}
    assert mo == po
