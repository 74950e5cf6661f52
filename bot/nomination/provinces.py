"""A province's own words for itself and its awards (knowledge/provinces.yaml): a city directly under the
central government writes "thành phố" where the Law and the catalogue write "tỉnh". And the catalogue as a
province applies it: another province's rules never judge, nor appear in, a unit's nomination."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from bot.nomination.catalogue import Award, Cite, Rule
from ingest.units import same_place
from ingest.vietnamese import fold_key, nfc

PROVINCES_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "provinces.yaml"
PROVINCE_CRITERIA = "province-criteria"  # the id of the criterion `applied` puts for a province's own


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


@dataclass(frozen=True)
class Unheld(Cite):
    """Where a rule the knowledge base does not hold is laid down: the user's province's own regulation."""

    where: str = ""  # "thành phố Hải Phòng"

    def label(self, documents: dict[str, dict]) -> str:
        return f"quy định của Ủy ban nhân dân {self.where}, chưa có trong cơ sở tri thức"


def unheld(rule: Rule) -> bool:
    """The criterion standing for the province's own criteria, which the knowledge base lacks."""
    return isinstance(rule.cite, Unheld)


def applied(award: Award, province: str) -> Award:
    """The award as a unit of `province` applies it in a nomination or a verdict: another province's criteria are
    neither checked nor shown; one criterion stands for them, the province's own criteria, which the unit states
    are met (the knowledge base does not hold them). A note or an alternative naming that province goes with them.
    Another province's authority, deadline and procedure stay: wherever they are shown, the user's province's own
    body or regulation is named in their place (`foreign`)."""
    left_out = {rule.province for rule in award.criteria if foreign(rule, province)}
    if not left_out:
        return award
    words = province_words(province)
    stand_in = Rule(f"Tiêu chuẩn của {words.full} cho {words.award_short(award)}",
                    Unheld("", "", where=words.full), id=PROVINCE_CRITERIA, check={"confirm": True},
                    province=province)

    def names_left_out(text: str) -> bool:
        return any(fold_key(place) in fold_key(text) for place in left_out)

    # A kept criterion's alternatives (`others`) quoted from the province left out go with it.
    kept = [replace(rule, check={key: value for key, value in rule.check.items() if key != "others"})
            if names_left_out(str(rule.check.get("others", ""))) else rule
            for rule in localized(award, province).criteria]
    return replace(award, criteria=[*kept, stand_in], gaps=[gap for gap in award.gaps if not names_left_out(gap)])
