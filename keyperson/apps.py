from django.apps import AppConfig


class KeypersonConfig(AppConfig):
    name = "keyperson"
    verbose_name = "Key person"
