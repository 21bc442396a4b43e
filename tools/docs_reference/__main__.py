"""``python -m tools.docs_reference [--check] [--out FOLDER]``: write or check the generated reference pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.docs_reference import REFERENCE_DIR, differences, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.docs_reference", description=__doc__)
    parser.add_argument("--out", type=Path, default=REFERENCE_DIR, help="folder to write (default: docs/reference)")
    parser.add_argument("--check", action="store_true", help="compare with the folder instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        problems = differences(args.out)
        for problem in problems:
            print(f"docs/reference out of date: {problem}", file=sys.stderr)
        if problems:
            print("regenerate with: python -m tools.docs_reference", file=sys.stderr)
        return 1 if problems else 0
    for path in write(args.out):
        print(f"wrote {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
