"""The command line's exit codes, one set for every sub-command."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    USAGE = 2  # bad arguments
    INPUT = 3  # unusable input: missing file, no usable article, unreadable store
    EXPORT = 4  # an export could not be written
    INTERRUPTED = 130
    INTERNAL = 70  # an unexpected error (reported in one line)


EXIT_OK, EXIT_USAGE, EXIT_INPUT, EXIT_EXPORT, EXIT_INTERNAL = (
    Exit.OK,
    Exit.USAGE,
    Exit.INPUT,
    Exit.EXPORT,
    Exit.INTERNAL,
)
