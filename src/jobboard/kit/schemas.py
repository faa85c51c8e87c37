"""Base classes for request and response bodies."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _reject_nul(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("must not contain a NUL character")
    elif isinstance(value, list | tuple | set):
        for item in value:
            _reject_nul(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _reject_nul(key)
            _reject_nul(item)
    return value


class InputModel(BaseModel):
    """A request body: unknown fields are errors, strings are stripped and NUL-free."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        return _reject_nul(value)


class OutputModel(BaseModel):
    """A response body."""

    model_config = ConfigDict(from_attributes=True)


ItemT = TypeVar("ItemT")


class Page(OutputModel, Generic[ItemT]):
    items: list[ItemT]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )
