"""The build scripts live in build/, which is not a package: make them importable for these tests."""

import sys
from pathlib import Path

BUILD_DIR = Path(__file__).resolve().parents[2] / "build"
if str(BUILD_DIR) not in sys.path:
    sys.path.insert(0, str(BUILD_DIR))
