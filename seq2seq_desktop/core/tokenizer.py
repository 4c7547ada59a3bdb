"""SentencePiece wrapper: the one place that knows the special token ids and text normalisation.

Every SentencePiece model the project trains uses the same ids: ``<pad>`` 0, ``<unk>`` 1,
``<s>`` (bos) 2, ``</s>`` (eos) 3.  Text is NFKC-normalised before encoding (full-width digits
and Latin letters, half-width katakana become their canonical forms), and Japanese decodes
without spaces because SentencePiece restores the original whitespace, of which Japanese has none.
"""
from __future__ import annotations

import io
import logging
import struct
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .errors import TokenizerError

__all__ = ["Tokenizer", "train_sentencepiece", "extend_vocabulary", "normalize", "PAD_ID", "UNK_ID", "BOS_ID",
           "EOS_ID"]

logger = logging.getLogger(__name__)

PAD_ID, UNK_ID, BOS_ID, EOS_ID = 0, 1, 2, 3
SPECIAL_IDS = frozenset((PAD_ID, UNK_ID, BOS_ID, EOS_ID))


def normalize(text: str, lowercase: bool = False) -> str:
    """NFKC-normalise, collapse runs of whitespace, optionally lowercase."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return text.lower() if lowercase else text


class Tokenizer:
    """Encode text to ids and back with one SentencePiece model.

    Parameters
    ----------
    model_bytes : bytes
        The serialized SentencePiece model (``*.model`` file contents).
    lowercase : bool
        Lowercase input before encoding (the EN->JA model is trained on lowercased English).
    """

    def __init__(self, model_bytes: bytes, lowercase: bool = False):
        import sentencepiece as spm

        self.lowercase = lowercase
        self.model_bytes = model_bytes  # kept so derived packages (fine-tuned models) can embed it
        self._sp = spm.SentencePieceProcessor()
        try:
            self._sp.LoadFromSerializedProto(model_bytes)
        except Exception as exc:  # sentencepiece raises plain RuntimeError/OSError
            raise TokenizerError.format("not a valid SentencePiece model ({error})", error=exc) from exc
        if (self._sp.pad_id(), self._sp.unk_id(), self._sp.bos_id(), self._sp.eos_id()) != (PAD_ID, UNK_ID, BOS_ID, EOS_ID):
            raise TokenizerError.format("SentencePiece model uses unexpected special ids; expected pad=0 unk=1 bos=2 eos=3")

    @classmethod
    def from_file(cls, path: str | Path, lowercase: bool = False) -> Tokenizer:
        """Load a ``.model`` file."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise TokenizerError.format("cannot read SentencePiece model {path}: {reason}",
                                        path=path, reason=exc.strerror) from exc
        return cls(data, lowercase=lowercase)

    @property
    def vocab_size(self) -> int:
        """Number of pieces, special tokens included."""
        return self._sp.get_piece_size()

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text`` (no bos/eos added)."""
        return self._sp.encode(normalize(text, self.lowercase))

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text."""
        return self._sp.encode([normalize(t, self.lowercase) for t in texts])

    def decode(self, ids: Iterable[int]) -> str:
        """Text of ``ids``; special ids are dropped."""
        return self._sp.decode([int(i) for i in ids if int(i) not in SPECIAL_IDS])

    def pieces(self, ids: Iterable[int]) -> list[str]:
        """Display form of each id: the piece with SentencePiece's word-boundary mark removed."""
        out = []
        for i in ids:
            i = int(i)
            if i == EOS_ID:
                out.append("</s>")
            elif i == UNK_ID:
                out.append("<unk>")
            else:
                out.append(self._sp.id_to_piece(i).replace("\u2581", " ").strip() or "\u2581")
        return out

    def piece_id(self, piece: str) -> int | None:
        """Id of ``piece``, or None when the vocabulary lacks it."""
        i = self._sp.piece_to_id(piece)
        return None if i == UNK_ID and piece != self._sp.id_to_piece(UNK_ID) else int(i)

    def has_pieces(self, pieces: Iterable[str]) -> bool:
        """Whether every one of ``pieces`` is a piece of this vocabulary (e.g. the placeholders)."""
        return all(self.piece_id(p) is not None for p in pieces)

    def is_known_word(self, word: str) -> bool:
        """Whether ``word`` is one piece of this vocabulary (after normalisation): a word the model has
        seen often enough to give it its own piece, rather than one it spells out from fragments."""
        ids = [i for i in self.encode(word) if self._sp.id_to_piece(i) != "\u2581"]
        return len(ids) == 1 and ids[0] != UNK_ID


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if not n:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def _user_piece(piece: str) -> bytes:
    """One serialized ``ModelProto.pieces`` entry: piece (field 1), score 0 (field 2), type USER_DEFINED (4)."""
    raw = piece.encode("utf-8")
    body = b"\x0a" + _varint(len(raw)) + raw + b"\x15" + struct.pack("<f", 0.0) + b"\x18" + _varint(4)
    return b"\x0a" + _varint(len(body)) + body


def extend_vocabulary(model_bytes: bytes, symbols: Iterable[str]) -> bytes:
    """A SentencePiece model with ``symbols`` appended as user-defined pieces (always kept whole).

    Existing ids are unchanged and the new pieces get the next ids, so a trained model can grow its
    embedding matrices by the same rows and keep everything it learned.  A protobuf message may
    repeat a field anywhere and parsers append the values in order, so appending serialized
    ``pieces`` entries to the model's bytes is a valid edit that needs no protobuf library.
    Symbols the model already has are skipped.
    """
    tok = Tokenizer(model_bytes)
    new = [s for s in dict.fromkeys(symbols) if tok.piece_id(s) is None]
    extended = model_bytes + b"".join(_user_piece(s) for s in new)
    grown = Tokenizer(extended)
    if grown.vocab_size != tok.vocab_size + len(new) or not grown.has_pieces(new):
        raise TokenizerError.format("could not add user-defined pieces to the SentencePiece model")
    return extended


def train_sentencepiece(lines: Iterable[str], vocab_size: int, model_type: str = "unigram",
                        character_coverage: float = 0.9995, user_symbols: Iterable[str] = (),
                        input_sentence_size: int = 2_000_000) -> bytes:
    """Train a SentencePiece model in memory on ``lines`` and return the serialized model."""
    import sentencepiece as spm

    buf = io.BytesIO()
    try:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines), model_writer=buf, vocab_size=vocab_size,
            model_type=model_type, character_coverage=character_coverage,
            pad_id=PAD_ID, unk_id=UNK_ID, bos_id=BOS_ID, eos_id=EOS_ID,
            user_defined_symbols=list(user_symbols), input_sentence_size=input_sentence_size,
            shuffle_input_sentence=True, hard_vocab_limit=False, minloglevel=2,
        )
    except RuntimeError as exc:
        raise TokenizerError.format("SentencePiece training failed: {error}", error=exc) from exc
    return buf.getvalue()
