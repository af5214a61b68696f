"""Theme review: the decisions file, applying its decisions on every rerun, and the JupyterLab review screen."""
