"""Test support: the tiny synthetic tasks and packages the engine, CLI and GUI tests run on.

Importable as ``support`` because pytest puts ``tests/`` on ``sys.path`` (``pythonpath`` in
``pyproject.toml``).
"""
