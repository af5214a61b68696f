"""``consult.config``: the public name of :mod:`consult.core.config` (``consult.config.load``)."""

import sys

from consult.core import config

sys.modules[__name__] = config
