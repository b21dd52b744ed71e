# The production image: gunicorn for the web, the same image for Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# The fonts of the Word/PDF reports (ReportLab embeds them); libmagic tells evidence files
# apart by their content (python-magic).
RUN apt-get update && apt-get install -y --no-install-recommends \
      gettext fonts-dejavu-core fonts-liberation2 libmagic1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt -e .
COPY . .
RUN SECRET_KEY=build python manage.py collectstatic --noinput -v 0
RUN useradd --system --home /app tracker && mkdir -p /app/media /app/private/evidence \
    && chown tracker /app/media /app/private/evidence
USER tracker
EXPOSE 8000
ENV BIND=0.0.0.0:8000
CMD ["gunicorn", "-c", "python:tracker.gunicorn_conf", "tracker.wsgi:application"]
