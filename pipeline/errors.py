"""Errors that mean "this input cannot be parsed", as opposed to bugs.

The batch runner reports an :class:`InputError` as a one-line message naming the
file and the reason and goes on with the next file; anything else is a bug and is
reported with its exception type so it can be fixed.
"""


class InputError(Exception):
    """The input file is unusable (empty, truncated, encrypted, not a PDF, unknown encoding …).

    The message is one line, says the reason in plain words, and does not repeat the
    file name (the caller prefixes it).
    """
