"""Errors meant for people: one line that says what was wrong, where, and how to fix it.

Every :class:`ConsultError` is defined here. The command line prints these without a traceback;
anything else is a bug in consult.
"""


class ConsultError(Exception):
    """A problem with the analyst's input (a file, the config, a decision) rather than a bug."""


class ConfigError(ConsultError):
    """The consultation config is missing, unreadable or invalid."""


class InputError(ConsultError):
    """An export or data file cannot be read or does not match the config."""


class ReviewError(ConsultError):
    """The decisions file cannot be read, or a decision cannot be made as asked."""


class PercentageError(ConsultError):
    """A percentage in a written output does not trace to a row of agreement.csv."""


class EmbeddingsUnavailable(ConsultError):
    """The embeddings engine was asked for but its packages are not installed."""
