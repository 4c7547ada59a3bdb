"""The translation directions and languages the app offers, and their names as shown to the user.

A direction is a key such as ``"en-ja"``: the Translate tab's direction combo, the glossary, the
explainer and the experiment panel all speak in these keys and show them with
``direction_label``.  A language is a code such as ``"ja"``, shown with ``language_name`` (the
fine-tuning dialog names a model's languages and the columns of the pairs table with it).  The
English names are marked for translation (contexts ``Direction`` and ``Language``) and translated
where they are shown, so a table built at import time still follows the language chosen at
start-up.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = ["DIRECTION_LABELS", "direction_label", "LANGUAGE_NAMES", "language_name"]

logger = logging.getLogger(__name__)

#: direction -> English label, translated where shown (``direction_label``)
DIRECTION_LABELS = {"en-ja": QT_TRANSLATE_NOOP("Direction", "English \u2192 Japanese"),
                    "ja-en": QT_TRANSLATE_NOOP("Direction", "Japanese \u2192 English")}
#: language code -> English name, translated where shown (``language_name``)
LANGUAGE_NAMES = {"en": QT_TRANSLATE_NOOP("Language", "English"), "ja": QT_TRANSLATE_NOOP("Language", "Japanese")}


def direction_label(direction: str) -> str:
    """The translated label of ``direction`` (``"en-ja"`` -> "English → Japanese"); unknown keys as they are."""
    return QCoreApplication.translate("Direction", DIRECTION_LABELS.get(direction, direction))


def language_name(code: str) -> str:
    """The translated name of language ``code`` (``"ja"`` -> "Japanese"); unknown codes as they are."""
    return QCoreApplication.translate("Language", LANGUAGE_NAMES.get(code, code))
