"""PySide6 desktop shell over :mod:`seq2seq_desktop.core`.

Importing this package is cheap; ``gui.app.main`` imports Qt, and torch is only imported by the
background model-loading job (see ``gui.loading``), so the window appears before torch is loaded.
"""

__all__: list[str] = []
