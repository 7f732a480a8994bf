"""Retrain the default model from corpus/ into models/ (same as `policytext train`).

python scripts/train.py [--corpus DIR] [--out DIR] [--seed N]
"""

from policytext.cli import app

if __name__ == "__main__":
    app(["train", *__import__("sys").argv[1:]])
