"""The vocabulary of the field as typed values; imports nothing else of ours."""

from .errors import Conflict, DomainError, NotFound, PermissionDenied, StoreUnavailable, ValidationError
from .vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "Conflict",
    "DomainError",
    "NotFound",
    "PermissionDenied",
    "StoreUnavailable",
    "ValidationError",
    "Vocabulary",
    "load_vocabulary",
]
