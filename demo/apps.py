from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo pre-schools of `make run` (``seed_demo``) and the data of the benchmarks
    (``seed_scale``). It builds on every app and no app depends on it: the top of the
    dependency order."""

    name = "demo"
    verbose_name = "Demo pre-schools"
