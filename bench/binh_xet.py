"""The year-end review's speed: a filled sheet of 40 and of 2,000 people (3 collectives) judged end to end —
read, every person and award through the rules, the result workbook, the dossier, the registry — in seconds,
with the share of each stage. Goal: 2,000 rows under 30 s on 2 cores. No index is needed (citations are
labelled from the document ids). Run:

    .venv/bin/python bench/binh_xet.py [--sizes 40 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.review.service import Reviews
from bot.review.sheet import SheetReader
from bot.storage import Storage
from tests.review_sheets import CATALOGUE, collectives, fill, staff


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 2000])
    args = parser.parse_args()
    year = date.today().year - 1
    print(f"{'người':>6} {'tổng (s)':>9} {'đọc':>7} {'xét':>7} {'ghi tệp':>8} {'sổ':>7}  kết luận")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            reviews = Reviews(CATALOGUE, lambda: {}, Storage(f"sqlite:///{root / 'db.sqlite3'}"), "Hải Phòng",
                              root / "out")
            template = reviews.template(1, False, str(year)).files[0].read_bytes()
            data = fill(template, year, staff(size, year), collectives(year))
            started = time.perf_counter()
            roster = SheetReader(CATALOGUE).read("ds.xlsx", data)
            read = time.perf_counter()
            review = reviews.judge.judge(roster, reviews.registry.history(1, roster.unit, False, year))
            judged = time.perf_counter()
            files = reviews.write(review, root / "run")
            written = time.perf_counter()
            reviews.registry.save(1, False, review, root / "run")
            saved = time.perf_counter()
            outcomes = sum(len(j.outcomes) for j in review.judged)
            print(f"{size:>6} {saved - started:>9.2f} {read - started:>7.2f} {judged - read:>7.2f} "
                  f"{written - judged:>8.2f} {saved - written:>7.2f}  {outcomes} ({len(files)} tệp)")
            # The whole path a face takes, as one call, for the record.
            whole = time.perf_counter()
            reply = reviews.review(1, False, "ds.xlsx", data)
            assert reply.files, reply.text
            print(f"{'':>6} {time.perf_counter() - whole:>9.2f}  (Reviews.review, gửi lại cùng năm: thay kết quả cũ)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
