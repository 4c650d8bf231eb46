"""The 34 provincial-level units in force since 2025 and the 63 former names they absorbed.

Pure module: reads the bundled CSV once and resolves free-text names.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.collation import sort_key
from core.text import fold

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "vn_provinces_2025.csv"

# Administrative prefixes people write before a name ("Tỉnh Bình Dương", "TP. Hồ Chí Minh").
_PREFIXES = (
    "thanh pho truc thuoc trung uong", "thanh pho", "tinh", "tp.", "tp", "t.p.", "city of",
    "province of",
)
_SUFFIXES = ("city", "province")


@dataclass(frozen=True)
class Province:
    """A provincial-level unit of today: the Vietnamese name is the stored value."""

    name_vi: str
    name_en: str
    kind: str
    region: str
    merged_from: tuple[str, ...]

    def full_name(self, language: str = "vi") -> str:
        """The unit as a document names it: "Thành phố Hồ Chí Minh", "Tỉnh Bắc Ninh", "Hue City"."""
        if language.split("_")[0] == "en":
            if self.kind == "city":
                return self.name_en if self.name_en.endswith(" City") else f"{self.name_en} City"
            return f"{self.name_en} Province"
        return f"{'Thành phố' if self.kind == 'city' else 'Tỉnh'} {self.name_vi}"

    def name(self, language: str = "vi") -> str:
        """The short name in `language` ("Hồ Chí Minh", "Ho Chi Minh City"), where space is short."""
        return self.name_en if language.split("_")[0] == "en" else self.name_vi


def _strip_affixes(folded: str) -> str:
    for prefix in _PREFIXES:
        if folded.startswith(prefix + " ") or (prefix.endswith(".") and folded.startswith(prefix)):
            folded = folded[len(prefix):].strip()
            break
    for suffix in _SUFFIXES:
        if folded.endswith(" " + suffix):
            folded = folded[: -len(suffix)].strip()
    return folded


@lru_cache(maxsize=1)
def all_provinces() -> tuple[Province, ...]:
    """Every current unit, in the order of the reference file."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return tuple(
            Province(
                name_vi=row["name_vi"],
                name_en=row["name_en"],
                kind=row["kind"],
                region=row["region"],
                merged_from=tuple(part.strip() for part in row["merged_from"].split(";")),
            )
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def _index() -> dict[str, Province]:
    index: dict[str, Province] = {}
    for province in all_provinces():
        names = {province.name_vi, province.name_en, *province.merged_from}
        for name in names:
            index[_strip_affixes(fold(name))] = province
    # Hà Tây joined Hà Nội in 2008, before the 63 of the reference file; old records still name it.
    index[_strip_affixes(fold("Hà Tây"))] = index[_strip_affixes(fold("Hà Nội"))]
    # Common spellings of the largest city.
    hcm = index[_strip_affixes(fold("Hồ Chí Minh"))]
    for alias in ("HCM", "TPHCM", "TP HCM", "Sai Gon", "Saigon", "Ho Chi Minh City"):
        index[_strip_affixes(fold(alias))] = hcm
    return index


def resolve_province(name: str | None) -> Province | None:
    """Today's unit for a current or former province name, or None if unknown."""
    if not name or not name.strip():
        return None
    return _index().get(_strip_affixes(fold(name)))


@lru_cache(maxsize=4)
def province_choices(language: str = "vi") -> tuple[tuple[str, str], ...]:
    """(stored Vietnamese name, name in `language`) of the 34 units, in that language's alphabetical order."""
    pairs = [(p.name_vi, p.name(language)) for p in all_provinces()]
    return tuple(sorted(pairs, key=lambda pair: sort_key(pair[1], language)))


def province_label(recorded: str | None, language: str = "vi", *, full: bool = False,
                   history: bool = False) -> str:
    """Today's unit for a recorded province name, in `language`; never a former name alone.

    `history` adds the recorded former name, "Bắc Ninh (trước sắp xếp: tỉnh Bắc Giang)";
    an unknown name is returned as recorded.
    """
    if not recorded:
        return ""
    unit = resolve_province(recorded)
    if unit is None:
        return recorded
    label = unit.full_name(language) if full else unit.name(language)
    if history and fold(recorded) != fold(unit.name_vi) and fold(recorded) not in {
            fold(unit.name_en), fold(unit.full_name("vi")), fold(unit.full_name("en"))}:
        former = _strip_affixes(fold(recorded))
        name = next((n for n in (*unit.merged_from, "Hà Tây") if _strip_affixes(fold(n)) == former), recorded)
        if language.split("_")[0] == "en":
            label += f" (before the 2025 merger: {name} Province)"
        else:
            label += f" (trước sắp xếp: tỉnh {name})"
    return label


def former_names_count() -> int:
    """How many former provinces the reference file maps (63 expected)."""
    return len({name for p in all_provinces() for name in p.merged_from})


def names_of_same_unit(asked: str, recorded) -> list[str]:
    """Among `recorded` province names, those that are the unit `asked` names (today's or a former name), so a
    filter by province finds enterprises recorded under a former name too; none when `asked` is unknown."""
    unit = resolve_province(asked)
    if unit is None:
        return []
    return [name for name in recorded if name and resolve_province(name) == unit]
