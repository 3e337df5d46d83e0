"""Errors in content files, each naming the file, the line and the path inside it."""

from __future__ import annotations


class DefinitionError(Exception):
    """One problem in a definition file: ``str()`` is ``file:line: path: message``."""

    def __init__(self, file: str, line: int | None, path: str, message: str) -> None:
        self.file = str(file)
        self.line = line
        self.path = path
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"DefinitionError({str(self)!r})"


class DefinitionErrors(Exception):
    """All the problems found in one or more definition files, in file and line order."""

    def __init__(self, errors: list[DefinitionError]) -> None:
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


def format_path(parts: tuple[str | int, ...]) -> str:
    """Write a path as the schema does: ``steps[1].fields[3].type``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
