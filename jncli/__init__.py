"""jncli — Jining e-commerce support measures (济政字〔2022〕54号) as reproducible table computations.

Importing this package must stay cheap: `jncli --help` and `--version` never import polars.
"""

__version__ = "0.1.0"
