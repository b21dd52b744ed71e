"""Static files in production: compressed (gzip, Brotli when installed), hashed names cached
for a year, and the ES module imports of our own scripts (`import … from "./x.js"` in
static/js/) rewritten to the hashed names, so the offline scripts and the service worker
load each other's current version. Vendored scripts are left as they are: some name files
they do not ship (django-htmx's extensions import "htmx")."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    _own_modules = (
        "js/*.js",
        CompressedManifestStaticFilesStorage._js_module_import_aggregation_patterns[1],
    )
    patterns = (*CompressedManifestStaticFilesStorage.patterns, _own_modules)
