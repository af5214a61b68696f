"""Stage 4, report: the summary prose and its checks, the published tables, charts, docx, xlsx and html, and the cycle comparison."""
