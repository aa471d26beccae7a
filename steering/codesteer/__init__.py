"""CodeSteer: the guide loop, the guide-output recogniser and the two checkers (steering.md §1-2)."""
