from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts import data_rights, signals  # noqa: F401 - signals connects receivers
        from accounts.export import account_sections

        data_rights.register(self.label, account_sections)
