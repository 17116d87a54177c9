"""Benchmarks: each measured side by side with its baseline in the same run, reported as ratios."""
