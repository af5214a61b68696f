"""Stage 2, agreement: counts, percentages, bases, intervals, weights and group tests for the closed questions."""
