"""One JSON-lines formatter (LOG_FORMAT=json) for Django's, Celery's and gunicorn's logs."""

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
}
