"""A province's own words for itself and its awards (knowledge/provinces.yaml): a city directly under the
central government writes "thành phố" where the Law and the catalogue write "tỉnh". And the catalogue as a
province applies it: another province's rules never judge, nor appear in, a unit's nomination."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from bot.nomination.catalogue import Award, Rule
from ingest.units import same_place
from ingest.vietnamese import fold_key, nfc

PROVINCES_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "provinces.yaml"


@dataclass(frozen=True)
class ProvinceWords:
    place: str  # "Hải Phòng": the địa danh, as written before a date
    kind: str = "tỉnh"
    awards: dict[str, dict[str, str]] = field(default_factory=dict, hash=False)

    @property
    def full(self) -> str:
        """ "thành phố Hải Phòng", as written after "Ủy ban nhân dân"."""
        return f"{self.kind} {self.place}" if self.place else ""

    def award_name(self, award: Award) -> str:
        return self.awards.get(award.id, {}).get("name", award.name)

    def award_short(self, award: Award) -> str:
        """The name in a trích yếu: "danh hiệu “Chiến sĩ thi đua thành phố”", "Bằng khen của Chủ tịch UBND
        thành phố"."""
        short = self.awards.get(award.id, {}).get("short", award.short)
        return f"danh hiệu “{short}”" if award.kind == "danh hiệu thi đua" else short


@cache
def _overlay() -> dict:
    return yaml.safe_load(PROVINCES_FILE.read_text(encoding="utf-8"))


def province_words(province: str) -> ProvinceWords:
    """The words of a province named as the user typed it ("Hải Phòng", "thành phố Hải Phòng", "tỉnh Bắc Ninh")."""
    place = re.sub(r"^(tỉnh|thành phố)\s+", "", nfc(province).strip(), flags=re.IGNORECASE)
    data = _overlay()
    entry = next((value for name, value in data["provinces"].items() if fold_key(name) == fold_key(place)),
                 data["province"])
    return ProvinceWords(place, nfc(entry["kind"]),
                         {award_id: {key: nfc(text) for key, text in names.items()}
                          for award_id, names in entry["awards"].items()})


def foreign(rule: Rule | None, province: str) -> bool:
    """A rule of another province's regulation: no rule for a unit of `province`."""
    return bool(rule and rule.province) and not same_place(rule.province, province)


def localized(award: Award, province: str) -> Award:
    """The award as the user's province applies it: another province's criteria, deadline and procedure are
    left out, so they are never checked, asked, recommended or printed for this province. An award left with no
    criteria is one the knowledge base cannot judge here (`judged_here`)."""
    return replace(award, criteria=[rule for rule in award.criteria if not foreign(rule, province)],
                   deadline=None if foreign(award.deadline, province) else award.deadline,
                   procedure=None if foreign(award.procedure, province) else award.procedure)


def judged_here(award: Award, province: str) -> bool:
    return bool(localized(award, province).criteria)
