"""Messages read back as Django's file backend wrote them, for tests of what Samsyn e-mails."""

import email
import email.policy


def sent_messages(directory):
    """Every message the file backend wrote, parsed (each file ends with a line of dashes)."""
    if not directory.exists():
        return []
    return [message for path in sorted(directory.iterdir()) for message in sent_messages_in(path)]


def sent_messages_in(path):
    """The messages of one file the file backend wrote."""
    return [
        email.message_from_bytes(chunk, policy=email.policy.default)
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n")
        if chunk.strip()
    ]


def use_file_backend(settings, directory):
    """Send e-mail as files into `directory`, and run tasks at once."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(directory)
    settings.DEFAULT_FROM_EMAIL = "Samhällskontraktet <samsyn@example.se>"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SAMSYN_BASE_URL = "https://samsyn.example.se"
    return directory
