"""The reader process of a large import: ``python -m shijian.registry.importer.reader``.

Started by ``rendering.rendered_batches``; reads its job from stdin and
writes rendered batches to stdout. No Django: it only reads and validates.
"""

from __future__ import annotations

import sys

from shijian.registry.importer.rendering import reader_main

if __name__ == "__main__":
    reader_main(sys.stdin.buffer, sys.stdout.buffer)
