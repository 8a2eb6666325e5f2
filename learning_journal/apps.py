from django.apps import AppConfig


class LearningJournalConfig(AppConfig):
    name = "learning_journal"
    verbose_name = "Learning journal"
