"""The production build of the static files: whitenoise's manifest storage hashes every file
and follows every reference inside the CSS (a source map, a font), so a stylesheet that names
a file the portal does not ship fails `collectstatic`, the step of every deployment."""

from django.core.management import call_command


def test_collectstatic_with_the_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    for name in ("vendor/bootstrap/bootstrap.rtl.min.css", "css/portal.css",
                 "fonts/noto/noto-nastaliq-urdu-arabic-400-normal.woff2"):
        assert f'"{name}"' in manifest, name
