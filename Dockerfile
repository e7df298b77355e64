# ctgraph image for docker-compose.yml: the CLI, the one-shot seed loader and the dashboard.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CTGRAPH_HOME=/data

# The package's sources: ctgraph/ holds links (ctgraph/graph -> ../graph, ...) to the
# real folders copied beside it. A regular install (not editable) builds the wheel and
# puts it in site-packages, seed facts and map data included: the image runs the
# installed package, as tests/test_wheel.py proves a wheel built from exactly these
# paths does (scripts/wheel_venv.py reads this file's COPY lines).
WORKDIR /src
COPY pyproject.toml README.md ./
COPY ctgraph ./ctgraph
COPY graph ./graph
COPY ingest ./ingest
COPY dashboard ./dashboard
COPY seed ./seed
RUN pip install . \
    && useradd --create-home --uid 10001 ctgraph \
    && mkdir -p /data && chown ctgraph /data

USER ctgraph
WORKDIR /data
EXPOSE 8501
ENTRYPOINT ["ctgraph"]
CMD ["--help"]
