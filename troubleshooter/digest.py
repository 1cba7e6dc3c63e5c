"""SHA-256 for the caches' keys without mapping OpenSSL.

`import hashlib` loads OpenSSL's libcrypto (about 3.5 MB resident) only to hash a few hundred
kilobytes of flow files at start-up. CPython's own SHA-256 gives the same digests; hashlib is the
fallback where that module is missing.
"""

from __future__ import annotations

try:
    from _sha2 import sha256  # CPython 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
