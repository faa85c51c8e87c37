# syntax=docker/dockerfile:1.7
# Jobboard API image: dependencies from uv.lock, no build tools at run time, non-root.

FROM python:3.11-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-install-project
COPY src ./src
COPY migrations ./migrations
RUN uv sync --locked --no-dev --no-editable

FROM python:3.11-slim-bookworm AS runtime
RUN groupadd --system --gid 10001 jobboard \
    && useradd --system --uid 10001 --gid jobboard --home-dir /app --shell /usr/sbin/nologin jobboard \
    && install -d -o 10001 -g 10001 /var/lib/jobboard/files
WORKDIR /app
COPY --from=build --chown=jobboard:jobboard /app/.venv /app/.venv
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    JOBBOARD_DATA_DIR=/app/var \
    JOBBOARD_STORAGE_DIR=/var/lib/jobboard/files \
    JOBBOARD_LOG_JSON=true
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["jobboard", "serve", "--no-migrate", "--host", "0.0.0.0", "--port", "8000"]
