"""The fairness monitor: who enters the disciplinary process, at each stage, by group of staff.

``read`` turns a CSV or XLSX of counts (never records about people) into a ``CountTable``;
``config`` reads the small YAML config; ``stats`` computes rates, relative likelihoods and their
intervals, pure; ``report`` shapes the board report and writes it as HTML and PDF.
"""

from .config import MonitorConfig, read_config
from .read import read_counts
from .stats import CountRow, CountTable, Settings, figures, relative_likelihood

__all__ = [
    "CountRow",
    "CountTable",
    "MonitorConfig",
    "Settings",
    "figures",
    "read_config",
    "read_counts",
    "relative_likelihood",
]
