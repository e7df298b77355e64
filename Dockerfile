# ctgraph image for docker-compose.yml: the CLI, the one-shot seed loader and the dashboard.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CTGRAPH_HOME=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY ingest ./ingest
COPY dashboard ./dashboard
COPY seed ./seed
RUN pip install -e . \
    && useradd --create-home --uid 10001 ctgraph \
    && mkdir -p /data && chown ctgraph /data

USER ctgraph
EXPOSE 8501
ENTRYPOINT ["ctgraph"]
CMD ["--help"]
