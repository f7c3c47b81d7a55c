"""The test LRS: Ralph's own ASGI app (``ralph.api:app``), run by uvicorn from ``.venv-lrs``.

One correction before it loads: Ralph 5.1.0's file-system LRS backend writes statements with its
data backend's default operation type ("create"), which refuses to write to the statements file
once it exists, so every POST after the first answers 500. Appending is what a statements file
needs; the other backends (Elasticsearch, MongoDB, ClickHouse) index as before.
Run in .venv-lrs only (it imports Ralph, which the project's own environment does not have).
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (after the correction: the app builds its backend at import)

__all__ = ["app"]
