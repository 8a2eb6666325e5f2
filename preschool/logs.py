"""Logging filters used by ``LOGGING`` in the settings."""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """A 4xx response is logged as one line: what and where, without the traceback.

    Django attaches the exception to every 403 and 404 it logs; those are expected answers
    (a family following an old link, a probe), and a traceback each buries the 500s, which keep
    theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
