"""The hash behind the caches' keys, without mapping OpenSSL.

`import hashlib` loads OpenSSL's libcrypto (about 3.5 MB resident) only to hash a few hundred
kilobytes of flow files at start-up. CPython's own BLAKE2 (built in, not OpenSSL's) gives the
same digests as hashlib's and hashes those files in a third of the time its own SHA-256 takes;
a cache key needs only to change whenever one byte does.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # a Python built without its own BLAKE2
    from hashlib import blake2b

KEY_BYTES = 32


def cache_hash(data: bytes = b""):
    """A new hash object for a cache key (hexdigest: 64 characters)."""
    return blake2b(data, digest_size=KEY_BYTES)


__all__ = ["cache_hash"]
