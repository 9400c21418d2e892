# The API and the CLI (migrations, worker) share this image.
FROM python:3.11-slim AS api
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir "uv==0.13.8"
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY api ./api
COPY alembic ./alembic
COPY alembic.ini ./
RUN uv sync --frozen --no-dev
ENV PATH="/app/.venv/bin:$PATH"
RUN useradd --system --uid 10001 rapport
USER rapport
EXPOSE 8000
CMD ["rapport", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "4"]

# The SPA, built once and served by nginx, which also proxies /api to the API replicas.
FROM node:20-slim AS spa-build
WORKDIR /spa
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./
COPY openapi.yaml /openapi.yaml
RUN npm run build

FROM nginx:1.27-alpine AS web
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=spa-build /spa/dist /usr/share/nginx/html
