"""Why a file was set aside, and what the user should do about it."""

from __future__ import annotations


class QuarantineError(Exception):
    def __init__(self, file: str, reason_code: str, reason: str, action: str):
        super().__init__(f"{file}: {reason} — {action}")
        self.file = file
        self.reason_code = reason_code
        self.reason = reason
        self.action = action
