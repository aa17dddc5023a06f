"""Errors every store shares, so that callers never import a store's driver to judge a failure."""


class StoreUnavailable(Exception):
    """A store (database, object storage) could not be reached or was busy: worth trying again later.

    Each backend raises it, chained to its driver's own error, for trouble that may well pass; any
    other error from a store means the request itself cannot succeed.
    """
