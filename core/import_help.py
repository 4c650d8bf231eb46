"""What an import page tells its reader: each column, what it means, the values it accepts, a template file."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask import Response
from flask_babel import gettext as _

from core.downloads import table_download
from core.i18n import current_language
from core.reference.countries import country_name
from core.reference.provinces import province_choices
from core.reference.sectors import SECTORS


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import file; `values` (code → name) when only some values are accepted."""

    name: str
    meaning: str
    required: bool = False
    example: str = ""
    values: Mapping[str, object] = field(default_factory=dict)

    def allowed(self) -> list[tuple[str, str]]:
        """(name, code) pairs of the accepted values, names in the active language."""
        return [(str(label), code) for code, label in self.values.items()]


def template_download(columns: Sequence[ImportColumn], *, kind: str, filename: str) -> Response:
    """A CSV or XLSX file with the columns' header and one example row, ready to fill in."""
    return table_download([column.name for column in columns], [[column.example for column in columns]],
                          kind=kind, filename=filename, title=filename)


def country_column(required: bool = True) -> ImportColumn:
    """The `country` column: a country's name in Vietnamese or English, or its ISO code."""
    return ImportColumn("country", _("Country, by its name in Vietnamese or English (or its ISO code)"), required,
                        country_name("JP", current_language()))


def province_column() -> ImportColumn:
    """The `province` column: one of today's 34 units (a former name is read as the unit that absorbed it)."""
    return ImportColumn("province", _("Province or city, for Vietnam (a former name counts as today's unit)"),
                        False, "", dict(province_choices(current_language())))


def sector_column(name: str = "sector", *, several: bool = False, required: bool = True) -> ImportColumn:
    """A sector column; `several` sectors are separated by semicolons."""
    meaning = _("Sectors, separated by semicolons") if several else _("Sector")
    return ImportColumn(name, meaning, required, str(SECTORS["handicraft"]), SECTORS)
