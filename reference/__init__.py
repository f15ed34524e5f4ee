"""Reference NumPy implementations: the ground truth of every hidden test."""
