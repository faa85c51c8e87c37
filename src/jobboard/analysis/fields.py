"""The fields of a job posting as written, checked on input: shared by the jobs API, posting
analysis and the seeker profile. They sit in analysis, which jobs builds on, so that analysis
never imports jobs."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from jobboard.kit import money
from jobboard.kit.ids import Id
from jobboard.kit.money import PayPeriod
from jobboard.kit.schemas import InputModel

Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]


Description = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]


ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]


Years = Annotated[int, Field(ge=0, le=50)]


MinorUnits = Annotated[int, Field(ge=0, le=10**13)]


Region = Annotated[str, StringConstraints(min_length=2, max_length=40)]


class SalaryIn(InputModel):
    """Pay in integer minor units of `currency` (cents for USD) per `period`."""

    min: MinorUnits | None = None
    max: MinorUnits | None = None
    currency: Annotated[str, StringConstraints(min_length=3, max_length=3, to_upper=True)]
    period: PayPeriod = "yearly"

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if not money.is_currency(value):
            raise ValueError("is not an ISO 4217 currency code")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> SalaryIn:
        if self.min is None and self.max is None:
            raise ValueError("give at least one of min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class LocationIn(InputModel):
    """A place, by GeoNames id (of a city or a country) or by name: a city ("Berlin",
    "Austin, TX"), a state or province ("Ontario, Canada"), a country ("Netherlands", "UK")
    or a named region ("EMEA", "EU", "LATAM"). A name resolves to the most specific of these
    it names."""

    geoname_id: Id | None = None
    name: ShortText | None = None

    @model_validator(mode="after")
    def _one_way(self) -> LocationIn:
        if (self.geoname_id is None) == (self.name is None):
            raise ValueError("give exactly one of geoname_id and name")
        return self
