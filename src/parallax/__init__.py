"""Parallax: a sourced record of many outlets' coverage of one story."""
__version__ = "0.1.0"
