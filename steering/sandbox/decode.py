"""Decoding captured output into valid text: UTF-8 with replacement, and no NUL characters."""

from __future__ import annotations


def decode_output(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").replace("\x00", "\ufffd")
