"""Scoring (§8): task rates with intervals, group means, Ave. Norm., tokens, runtime and cost.

`paper_table1.json` is the project's copy of Table 1 of Chen et al., "CodeSteer: Symbolic-Augmented
Language Models via Code/Text Guidance", ICML 2025 (arXiv 2502.04350): reported numbers, used as
the default Ave. Norm. reference and as rows marked "reported in the paper, not re-verified".
"""
