"""``python -m seq2seq_desktop`` runs the CLI."""
from seq2seq_desktop.cli import main

raise SystemExit(main())
