# syntax=docker/dockerfile:1
# The konspekt API: HTTP, uploads and the teacher dashboard. No speech or language model runtime.

# --- The dashboard, built once; only frontend/dist reaches the runtime image. -------------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ ./
RUN npm run build

# --- The project's runtime dependencies in a virtual environment, without the worker extra. -----
FROM python:3.11-slim-bookworm AS python-deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
# tests/deploy/test_api_image.py builds the same environment the same way and serves the app from it.
COPY pyproject.toml docker/requirements.py ./
RUN python -m venv /opt/venv \
    && python requirements.py api > requirements.txt \
    && /opt/venv/bin/pip install -r requirements.txt

# --- Runtime: the source tree as in the repository, run by an unprivileged user. ----------------
FROM python:3.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATA_DIR=/data \
    PORT=8000
RUN groupadd --system --gid 10001 konspekt \
    && useradd --system --uid 10001 --gid konspekt --home-dir /app --shell /usr/sbin/nologin konspekt \
    && mkdir /data \
    && chown konspekt:konspekt /data
COPY --from=python-deps /opt/venv /opt/venv
WORKDIR /app
COPY app/ app/
COPY dbschema/ dbschema/
COPY scripts/api scripts/api
COPY --from=frontend /frontend/dist frontend/dist
USER 10001:10001
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['PORT']}/healthz\", timeout=4)"]
CMD ["scripts/api"]
