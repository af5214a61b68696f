"""What every stage uses: the config, answer scales, errors, files, rounding, house wording, redaction, significance tests, progress bars and side-by-side work."""
