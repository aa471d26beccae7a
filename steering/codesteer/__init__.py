"""CodeSteer pieces shared by every method: code-block extraction, the guide-output recogniser and
the method `Context` (the CodeSteer loop and its checkers build on these)."""
