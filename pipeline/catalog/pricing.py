"""The price of a call: genai-prices (the well-kept price library) first, the catalog's own
prices where it has none. Cached input tokens are priced as cached where the provider reports them.

genai-prices is imported on the first priced call only: commands that price nothing start fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pipeline.catalog import load_catalog

# Our provider names → genai-prices' provider ids.
PROVIDER_IDS = {"gemini": "google", "groq": "groq", "deepseek": "deepseek", "openrouter": "openrouter"}


@dataclass(frozen=True)
class Price:
    usd: float | None
    """None when neither source knows the model."""
    source: str
    """``genai-prices``, ``catalog``, ``free`` or ``unknown``."""


@cache
def _library() -> object | None:
    try:
        import genai_prices

        return genai_prices
    except ImportError:  # the catalog still prices what it can
        return None


@cache
def price(provider: str, model: str, tokens_in: int, tokens_out: int, cached_in: int = 0) -> Price:
    """USD for one call of ``tokens_in`` (``cached_in`` of them read from the provider's cache)."""
    if provider == "local" or model.endswith(":free") or model == "free":
        return Price(0.0, "free")
    library = _library()
    if library is not None and provider in PROVIDER_IDS:
        try:
            usage = library.Usage(  # type: ignore[attr-defined]
                input_tokens=tokens_in, output_tokens=tokens_out, cache_read_tokens=cached_in or None
            )
            found = library.calc_price(usage, model_ref=model, provider_id=PROVIDER_IDS[provider])  # type: ignore[attr-defined]
            return Price(round(float(found.total_price), 8), "genai-prices")
        except (LookupError, ValueError):
            pass  # a model the library does not know: the catalog's price, if any
    row = load_catalog().models.get((provider, model))
    if row is None or row.price_in is None or row.price_out is None:
        return Price(None, "unknown")
    # the catalog has no cached-input price: cached tokens are priced as any input (never under)
    usd = (tokens_in * row.price_in + tokens_out * row.price_out) / 1e6
    return Price(round(usd, 8), "catalog")
