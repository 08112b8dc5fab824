FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends procps libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -e . && useradd --create-home app && mkdir -p /app/var /app/staticfiles && chown -R app /app/var /app/staticfiles
USER app
EXPOSE 8000
