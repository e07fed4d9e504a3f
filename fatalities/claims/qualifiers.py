"""What "just over 850" or "about 50" allows: one table, the single source of truth.

Round figures carry their own precision. The *rounding step* of a figure X is the
largest of 1, 5, 10, 50, 100, 500, 1,000, … that divides X and is at most a fifth
of X (or at most 5, for figures below 25): 50 -> 10, 850 -> 50, 500 -> 100,
1,000 -> 100, 20 -> 5, 57 -> 1. Each qualifier turns
X and its step into a band of whole numbers; ``tolerance`` multiplies the step
(2 widens the step-based bands, 0.5 narrows them, 0 reads round figures literally).

>>> band("just over", 850)
Band(low=851, high=899)
>>> band("just over", 50).text()
'51–59'
>>> band("about", 850).contains(883)
False
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: Rounding steps a round figure can carry, smallest first (1, 5, 10, 50, …).
_STEPS: tuple[int, ...] = tuple(base * 10**power for power in range(10) for base in (1, 5))
#: A figure's step is at most this fraction of it (so 50 -> 10, not 50) ...
STEP_SHARE = 0.2
#: ... or at most this, for small figures (so 10 -> 5 and 20 -> 5).
SMALL_STEP = 5


def rounding_step(figure: int) -> int:
    """The precision a round figure implies.

    >>> [rounding_step(x) for x in (10, 20, 50, 57, 100, 200, 500, 750, 850, 1000, 3000)]
    [5, 5, 10, 1, 10, 10, 100, 50, 50, 100, 500]
    """
    figure = abs(figure)
    cap = max(figure * STEP_SHARE, SMALL_STEP)
    best = 1
    for step in _STEPS:
        if step > cap:
            break
        if figure % step == 0:
            best = step
    return best


@dataclass(frozen=True)
class Bound:
    """One end of a band: ``figure + steps × step`` (or the second figure), strict or not."""

    steps: float | None = 0.0
    strict: bool = False
    second: bool = False

    def text(self, side: str) -> str:
        """The bound as a formula: ``X + step``, ``X − step/2``, ``Y``."""
        base = "Y" if self.second else "X"
        if self.steps is None:
            return ""
        amount = abs(self.steps)
        if amount == 0:
            term = base
        else:
            size = "step" if amount == 1 else ("step/2" if amount == 0.5 else f"{amount:g}·step")
            term = f"{base} {'+' if self.steps > 0 else '−'} {size}"
        if side == "low":
            return f"{term} {'<' if self.strict else '≤'} v"
        return f"v {'<' if self.strict else '≤'} {term}"


@dataclass(frozen=True)
class Qualifier:
    """A row of the table: a qualifier's name, its two bounds and what it means."""

    name: str
    low: Bound
    high: Bound
    meaning: str
    aliases: tuple[str, ...] = ()

    @property
    def uses_step(self) -> bool:
        """True when the band depends on the rounding step (and so on ``tolerance``)."""
        return any(b.steps not in (None, 0.0) for b in (self.low, self.high))

    def rule(self) -> str:
        """The band as an inequality in v, X and the step.

        >>> QUALIFIERS_BY_NAME["just over"].rule()
        'X < v < X + step'
        """
        if self.low == self.high == Bound():
            return "v = X"
        low = self.low.text("low")
        high = self.high.text("high")
        if low and high:
            if low.endswith("v") and high.startswith("v"):
                return low + high[1:]
            return f"{low} and {high}"  # pragma: no cover - every row chains
        return low or high


_OPEN = Bound(steps=None)

#: The qualifier table. README, ``check`` and the tests all read it from here.
QUALIFIERS: tuple[Qualifier, ...] = (
    Qualifier("exactly", Bound(), Bound(), "the figure itself", ("precisely",)),
    Qualifier(
        "about",
        Bound(-0.5),
        Bound(0.5),
        "within half a rounding step either side",
        ("around", "approximately", "roughly", "some", "an estimated"),
    ),
    Qualifier("over", Bound(0, strict=True), _OPEN, "anything above the figure", ("above",)),
    Qualifier("more than", Bound(0, strict=True), _OPEN, "the same as over"),
    Qualifier(
        "just over",
        Bound(0, strict=True),
        Bound(1, strict=True),
        "above the figure, by less than one rounding step",
        ("just above", "slightly more than", "a little over", "a little more than"),
    ),
    Qualifier("at least", Bound(0), _OPEN, "the figure or more", ("no fewer than",)),
    Qualifier("under", Bound(steps=None), Bound(0, strict=True), "anything below the figure"),
    Qualifier("fewer than", _OPEN, Bound(0, strict=True), "the same as under", ("less than",)),
    Qualifier(
        "just under",
        Bound(-1, strict=True),
        Bound(0, strict=True),
        "below the figure, by less than one rounding step",
        ("just below", "slightly fewer than", "slightly less than"),
    ),
    Qualifier(
        "nearly",
        Bound(-1),
        Bound(0, strict=True),
        "below the figure, by at most one rounding step",
        ("almost", "close to", "nearing"),
    ),
    Qualifier(
        "between",
        Bound(0),
        Bound(0, second=True),
        "from the first figure to the second, both included",
    ),
)

QUALIFIERS_BY_NAME: dict[str, Qualifier] = {row.name: row for row in QUALIFIERS}

#: Every spelling a claim may use (names and aliases, lower case) -> its table row.
SPELLINGS: dict[str, Qualifier] = {
    spelling: row for row in QUALIFIERS for spelling in (row.name, *row.aliases)
}


def qualifier(name: str) -> Qualifier:
    """The table row for a qualifier or one of its aliases; ``KeyError`` if unknown.

    >>> qualifier("Almost").name
    'nearly'
    """
    return SPELLINGS[" ".join(name.lower().split())]


@dataclass(frozen=True)
class Band:
    """The whole numbers a qualified figure allows: ``low..high``, ``None`` for open."""

    low: int | None
    high: int | None
    open_text: str = field(default="", compare=False, repr=False)

    def contains(self, value: int) -> bool:
        """True when ``value`` is inside the band."""
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def text(self) -> str:
        """``851–899``, ``> 500``, ``≥ 50``, ``< 40`` or ``850``.

        >>> band("over", 500).text(), band("exactly", 57).text()
        ('> 500', '57')
        """
        if self.low is not None and self.high is not None:
            if self.low == self.high:
                return f"{self.low:,}"
            return f"{self.low:,}–{self.high:,}"
        if self.open_text:
            return self.open_text
        if self.low is not None:
            return f"≥ {self.low:,}"
        if self.high is not None:
            return f"≤ {self.high:,}"
        return "any"


def band(name: str, figure: int, second: int | None = None, *, tolerance: float = 1.0) -> Band:
    """The band of whole numbers that ``<name> <figure>`` allows.

    ``second`` is the upper figure of ``between``. A band never shrinks below one
    whole number: ``just over 57`` (step 1) allows 58.

    >>> band("about", 50), band("nearly", 3000)
    (Band(low=45, high=55), Band(low=2500, high=2999))
    >>> band("just over", 850, tolerance=0.5)
    Band(low=851, high=874)
    """
    row = qualifier(name)
    if tolerance < 0:
        raise ValueError("tolerance must be zero or more")
    step = rounding_step(figure) * tolerance
    low = _end(row.low, figure, second, step, "low")
    high = _end(row.high, figure, second, step, "high")
    if low is not None and high is not None and high < low:
        # Never empty: keep the whole number next to the figure.
        if row.low.steps == 0:
            high = low
        else:
            low = high
    return Band(low, high, open_text=_open_text(row, figure))


def _open_text(row: Qualifier, figure: int) -> str:
    """``> 500`` or ``≥ 50`` for one-sided bands, as the qualifier says it."""
    if row.high.steps is None:
        return f"{'>' if row.low.strict else '≥'} {figure:,}"
    if row.low.steps is None:
        return f"{'<' if row.high.strict else '≤'} {figure:,}"
    return ""


def _end(bound: Bound, figure: int, second: int | None, step: float, side: str) -> int | None:
    if bound.steps is None:
        return None
    base = figure
    if bound.second:
        if second is None:
            raise ValueError("'between' needs a second figure")
        base = second
    edge = base + bound.steps * step
    if side == "low":
        return math.floor(edge) + 1 if bound.strict else math.ceil(edge)
    return math.ceil(edge) - 1 if bound.strict else math.floor(edge)


#: Figures used as worked examples in the rendered table.
EXAMPLE_FIGURES: tuple[int, ...] = (50, 500, 850, 1000)
