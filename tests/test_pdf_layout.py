"""Every kind of generated document laid out by LibreOffice (headless, as a clerk would open it) and read back
from the PDF's text layout: the Quốc hiệu, the Tiêu ngữ and the trích yếu each on one line, and the signature
block on the page of Nơi nhận (or of the block beside it) — for each template, a long unit name, a thôn, and
dossiers of two to twenty nominees. All documents are converted in one soffice call to keep the test short.
LibreOffice and pdftotext come from apt (`.ci/services` installs them)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from bot.nomination.documents import DossierWriter, Entry
from tests.dossier_cases import CATALOGUE, YEAR, corpus_documents, docx_text
from tests.test_documents import PROFILE, entries_for, person

NATION, MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
LONG_UNIT = {"unit": "Trung tâm Phục vụ hành chính công và Kiểm soát thủ tục hành chính thành phố Hải Phòng",
             "parent": "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân thành phố Hải Phòng"}
DEPARTMENT = {"unit": "Sở Nội vụ", "parent": "Ủy ban nhân dân thành phố Hải Phòng"}
VILLAGE = {"unit": "Thôn Đông Tác", "parent": "Ủy ban nhân dân xã An Hưng"}
SUBJECT = re.compile(r"^(Về việc đề nghị|Đề nghị|Xét đề nghị) tặng .+ năm (\d{4}|……)$")


def people(count: int) -> list[dict]:
    return [person(f"Nguyễn Thị Phương Thảo Số {index}", "Nữ") for index in range(1, count + 1)]


def collectives(count: int) -> list[dict]:
    return [{"collective_name": f"Phòng Quản lý công chức, viên chức số {index}", "collective_size": 12,
             "unit": "Sở Nội vụ thành phố Hải Phòng", "year": YEAR, "duties": ["Tham mưu."],
             "achievements": ["Dẫn đầu khối thi đua."],
             "facts": {"ratings": {str(YEAR): "xuat-sac"}, "titles": {}, "discipline": False, "confirm": {}}}
            for index in range(1, count + 1)]


def households(count: int) -> list[dict]:
    return [{"household_head": f"Vũ Văn Nông {index}", "gender": "Nam", "address": "Thôn Đông Tác, xã An Hưng",
             "year": YEAR, "duties": ["Làm nông nghiệp."], "achievements": ["Hiến đất làm đường."],
             "facts": {"titles": {}, "discipline": False, "confirm": {"exemplary": True, "contribution": True}}}
            for index in range(1, count + 1)]


def dossiers(folder: Path) -> list[Path]:
    """Tờ trình, danh sách, biên bản and the first báo cáo of each dossier, and a review sheet."""
    writer = DossierWriter(CATALOGUE, corpus_documents(), "Hải Phòng")
    provincial = CATALOGUE.awards["bang-khen-chu-tich-ubnd-tinh"]
    title = CATALOGUE.awards["chien-si-thi-dua-cap-tinh"]
    advanced = CATALOGUE.awards["lao-dong-tien-tien"].for_nominee("can-bo")
    excellent = CATALOGUE.awards["tap-the-lao-dong-xuat-sac"]
    household = CATALOGUE.awards["giay-khen"].for_nominee("ho-gia-dinh")
    cases = {"bang-khen-2": (PROFILE, provincial, people(2)),
             "bang-khen-20-long": (LONG_UNIT, provincial, people(20)),
             "cstd-20": (PROFILE, title, people(20)), "ldtt-so-7": (DEPARTMENT, advanced, people(7)),
             "ttldxs-2-long": (LONG_UNIT, excellent, collectives(2)),
             "ttldxs-20": (PROFILE, excellent, collectives(20)),
             "ho-gia-dinh-thon-3": (VILLAGE, household, households(3))}
    files = []
    for case, (profile, award, nominees) in cases.items():
        written = writer.write({"profile": profile}, award, entries_for(award, *nominees), folder / case)
        files += written[:4]
    weak = entries_for(advanced, person("Lê Văn Yếu", "Nam", ratings={str(YEAR): "khong"}))
    files.append(writer.review_sheet({"profile": LONG_UNIT}, advanced,
                                     [Entry(entry.nominee, entry.verdict, "reject") for entry in weak], folder))
    flat = folder / "flat"
    flat.mkdir()
    return [Path(shutil.copy(path, flat / f"{path.parent.name}--{path.name}")) for path in files]


def pdf_pages(files: list[Path], folder: Path) -> dict[str, list[str]]:
    """Each document's pages as pdftotext lays them out, whitespace dropped from every line (justified text is
    spaced unevenly; a line break is what the checks look for)."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    assert soffice and pdftotext, "LibreOffice and poppler-utils are needed: apt-get install libreoffice-writer " \
                                  "poppler-utils fonts-liberation (.ci/services does it)"
    out = folder / "pdf"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    pages = {}
    for path in files:
        text = subprocess.run([pdftotext, "-layout", str(out / f"{path.stem}.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout
        pages[path.name] = [[re.sub(r"\s+", "", line) for line in page.splitlines()] for page in text.split("\f")
                            if page.strip()]
    return pages


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def on_one_line(text: str, page: list[str]) -> bool:
    return any(squeezed(text) in line for line in page)


def page_of(text: str, pages: list[list[str]]) -> int | None:
    return next((number for number, page in enumerate(pages) if any(squeezed(text) in line for line in page)), None)


def signature_lines(path: Path) -> list[str]:
    """The first words of each block of the signature row (the last table): Nơi nhận, the signer's title (a
    title may wrap within its block)."""
    row = docx.Document(str(path)).tables[-1].rows[0]
    return [" ".join(next(p.text for p in cell.paragraphs if p.text.strip()).split()[:3]) for cell in row.cells
            if any(p.text.strip() for p in cell.paragraphs)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, list[list[str]]]]:
    folder = tmp_path_factory.mktemp("pdf-layout")
    files = dossiers(folder)
    return files, pdf_pages(files, folder)


def test_headings_stay_on_one_line_and_the_signature_stays_with_noi_nhan(rendered) -> None:
    files, pages = rendered
    for path in files:
        document = pages[path.name]
        assert on_one_line(NATION, document[0]), f"the Quốc hiệu wraps in {path.name}"
        assert on_one_line(MOTTO, document[0]), f"the Tiêu ngữ wraps in {path.name}"
        subjects = [line for line in docx_text(path).splitlines() if SUBJECT.match(line)]
        assert subjects, f"no trích yếu in {path.name}"
        for subject in subjects:
            assert on_one_line(subject, document[0]), f"the trích yếu wraps in {path.name}: {subject}"
        if "--phieu-ra-soat" in path.name:
            continue  # a review sheet is signed by nobody
        blocks = signature_lines(path)
        assert blocks, path.name
        where = {line: page_of(line, document) for line in blocks}
        assert None not in where.values() and len(set(where.values())) == 1, f"{path.name}: {where}"
        if "--to-trinh" in path.name:
            assert blocks[0] == "Nơi nhận:"
            closing = next(line for line in docx_text(path).splitlines() if line.endswith("./."))
            assert page_of(closing.split()[-1], document) == where["Nơi nhận:"], f"{path.name}: the closing is apart"
    # Twenty nominees run over a page: the check above is then about a real page break.
    assert len(pages["bang-khen-20-long--to-trinh.docx"]) >= 2
    # A collective's list has no "Giới tính" column; a person's has.
    header = next(line for line in pages["ttldxs-20--danh-sach.docx"][0] if line.startswith("STT"))
    assert header.startswith("STTTêntậpthể") and "Giới" not in header
    assert "Giới" in next(line for line in pages["bang-khen-2--danh-sach.docx"][0] if line.startswith("STT"))
