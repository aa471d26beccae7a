"""Answer parsing and rule-based verification: one module per task plus shared extraction.

Checkers never import generators; they judge an answer from the instance's structured fields alone.
"""
