"""consult: public-consultation analysis."""
__version__ = "0.1.0"
