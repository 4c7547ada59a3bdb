"""seq2seq-desktop: offline English<->Japanese translation and a toy chatbot on Seq2Seq models.

Importing this package is cheap: torch and Qt are imported only by the modules that need them.
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("seq2seq-desktop")
except PackageNotFoundError:  # running from a checkout that was never pip-installed
    __version__ = "0.1.0"

__all__ = ["__version__"]
