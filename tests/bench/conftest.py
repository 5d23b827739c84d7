import sys
from pathlib import Path

# The benchmark scripts live under bench/ (scripts, not an installed package).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
