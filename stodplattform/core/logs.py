"""The request id on every log line written while a request is handled.

Kept free of Django imports: the logging configuration loads it before the apps.
"""

import contextvars
import logging

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
