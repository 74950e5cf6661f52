"""Who decides an award as the law stands on a day: the catalogue's authority, unless a text in the knowledge base
transferred that power (Điều 59 Nghị định 129/2025/NĐ-CP: the powers of khoản 2, khoản 3 Điều 80 of the Law go to
the Chủ tịch Ủy ban nhân dân cấp xã from 1 July 2025, when the district level ended).

The transfers are read at ingest (ingest/amendments.py) into the document registry; the wizard, its documents and
the verdicts take the award through `in_force` so they all name the same authority with the same citation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from bot.nomination.catalogue import Award, Cite, Rule
from bot.nomination.documents import is_commune_body
from ingest.amendments import law_named
from ingest.vietnamese import fold_key

COMMUNE_WORDS = ("cap xa",)
AWARD_WORDS_RE = re.compile(r"^(danh hiệu|hình thức)\s+", re.IGNORECASE)


def _core_name(award: Award) -> str:
    """ "Danh hiệu “Lao động tiên tiến”" -> "lao dong tien tien" """
    return fold_key(AWARD_WORDS_RE.sub("", award.name).strip("“”\" "))


def in_force(award: Award, documents: dict[str, dict], profile: dict | None = None,
             on: dt.date | None = None) -> Award:
    """The award with the authority in force on a day (today by default): a transferred khoản is decided by the
    body the transferring text names, cited to it; so is an award that text gives, for a unit under a commune's or
    ward's People's Committee."""
    on = on or dt.date.today()
    decides = award.decides
    profile = profile or {}
    under_commune = any(is_commune_body(profile.get(key) or "") for key in ("parent", "unit"))
    for doc_id, doc in documents.items():
        if (doc.get("effective") or "9999") > on.isoformat():
            continue
        for given in doc.get("transfers") or []:
            if law_named(documents, given["law"]) != decides.cite.doc:
                continue
            targets = {tuple(target) for target in given["targets"]}
            transferred = (decides.cite.article, decides.cite.clause) in targets
            same_article = any(article == decides.cite.article for article, _ in targets)
            gives = _core_name(award) in fold_key(given.get("gives", ""))
            if transferred or (under_commune and same_article and gives and decides.level == "unit"):
                level = "commune" if any(w in fold_key(given["to"]) for w in COMMUNE_WORDS) else decides.level
                return replace(award, decides=Rule(given["to"], Cite(doc_id, given["article"]), decides.id,
                                                   decides.check, decides.province, level))
    return award
