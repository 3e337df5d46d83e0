"""Splitting seats over areas by population: Hamilton, Sainte-Laguë and modified Sainte-Laguë.

Pure functions on exact fractions, so anyone can re-run a split and get the same seats. Each
split keeps its working, step by step, and a tie for the last seats is reported as a tie:
which areas are tied and for how many seats. Deciding it is a lottery's job, not this one's.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

HAMILTON = "hamilton"
SAINTE_LAGUE = "sainte-lague"
MODIFIED_SAINTE_LAGUE = "modified-sainte-lague"
METHODS = (HAMILTON, SAINTE_LAGUE, MODIFIED_SAINTE_LAGUE)
SWEDISH_FIRST_DIVISOR = Fraction(6, 5)


class SeatSplitError(ValueError):
    """The populations, the number of seats or the divisor cannot be split."""


@dataclass(frozen=True)
class HamiltonRow:
    """One area's line of a largest-remainder split."""

    area: int
    population: int
    quota: Fraction
    whole: int
    remainder: Fraction
    extra: bool


@dataclass(frozen=True)
class Award:
    """One seat of a highest-averages split: the seat number, the area, its quotient."""

    seat: int
    area: int
    quotient: Fraction
    divisor: Fraction


@dataclass(frozen=True)
class SeatSplit:
    """The seats each area won, in the order given, with the working and any tie.

    When the last seats are tied, `seats` holds only the seats that are certain, `tied`
    the areas (indices) that share the best claim and `tied_seats` how many seats they
    compete for.
    """

    method: str
    total_seats: int
    populations: tuple
    seats: tuple
    first_divisor: Fraction | None = None
    rows: tuple = ()
    awards: tuple = ()
    tied: tuple = ()
    tied_seats: int = 0
    tied_value: Fraction | None = None

    @property
    def is_tie(self):
        """True when the split cannot be finished without deciding a tie."""
        return bool(self.tied)


def parse_divisor(text):
    """A first divisor typed as "1.2" or "1,2", as an exact fraction of at least 1."""
    try:
        value = Fraction(Decimal(str(text).strip().replace(",", ".")))
    except (InvalidOperation, ValueError):
        raise SeatSplitError(f"{text!r} is not a number") from None
    if value < 1:
        raise SeatSplitError("the first divisor must be at least 1")
    return value


def split(method, populations, seats, first_divisor=SWEDISH_FIRST_DIVISOR):
    """Split `seats` over areas with `populations` by `method` (one of METHODS)."""
    populations = _checked(populations, seats)
    if method == HAMILTON:
        return hamilton(populations, seats)
    if method == SAINTE_LAGUE:
        return sainte_lague(populations, seats)
    if method == MODIFIED_SAINTE_LAGUE:
        return sainte_lague(populations, seats, first_divisor=Fraction(first_divisor))
    raise SeatSplitError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def _checked(populations, seats):
    populations = tuple(int(p) for p in populations)
    if not populations:
        raise SeatSplitError("there are no areas to split seats over")
    if any(p < 0 for p in populations):
        raise SeatSplitError("a population cannot be negative")
    if sum(populations) == 0:
        raise SeatSplitError("the populations add up to zero")
    if seats < 0:
        raise SeatSplitError("the number of seats cannot be negative")
    return populations


def hamilton(populations, seats):
    """Largest remainder with the Hare quota: whole quotas first, then the largest
    remainders take the seats that are left."""
    populations = _checked(populations, seats)
    total = sum(populations)
    quotas = [Fraction(p * seats, total) for p in populations]
    whole = [q.numerator // q.denominator for q in quotas]
    remainders = [q - w for q, w in zip(quotas, whole, strict=True)]
    left = seats - sum(whole)
    ranked = sorted(set(remainders), reverse=True)
    winners, tied, tied_value = set(), (), None
    for value in ranked:
        if left <= 0:
            break
        group = [i for i, r in enumerate(remainders) if r == value]
        if len(group) <= left:
            winners.update(group)
            left -= len(group)
        else:
            tied, tied_value = tuple(group), value
            break
    result = [w + (1 if i in winners else 0) for i, w in enumerate(whole)]
    rows = tuple(
        HamiltonRow(i, p, q, w, r, i in winners)
        for i, (p, q, w, r) in enumerate(zip(populations, quotas, whole, remainders, strict=True))
    )
    return SeatSplit(
        method=HAMILTON,
        total_seats=seats,
        populations=populations,
        seats=tuple(result),
        rows=rows,
        tied=tied,
        tied_seats=left if tied else 0,
        tied_value=tied_value,
    )


def sainte_lague(populations, seats, first_divisor=Fraction(1)):
    """Highest averages with the odd divisors 1, 3, 5, …; a first divisor above 1 (1.2 in
    Swedish elections) makes the first seat of each area harder to win."""
    populations = _checked(populations, seats)
    first_divisor = Fraction(first_divisor)
    if first_divisor < 1:
        raise SeatSplitError("the first divisor must be at least 1")
    won = [0] * len(populations)
    awards = []
    tied, tied_value = (), None
    while len(awards) < seats:
        quotients = [
            Fraction(p) / _divisor(n, first_divisor) for p, n in zip(populations, won, strict=True)
        ]
        best = max(quotients)
        group = [i for i, q in enumerate(quotients) if q == best]
        left = seats - len(awards)
        if len(group) > left:
            tied, tied_value = tuple(group), best
            break
        for area in group:
            awards.append(Award(len(awards) + 1, area, best, _divisor(won[area], first_divisor)))
            won[area] += 1
    modified = first_divisor != 1
    return SeatSplit(
        method=MODIFIED_SAINTE_LAGUE if modified else SAINTE_LAGUE,
        total_seats=seats,
        populations=populations,
        seats=tuple(won),
        first_divisor=first_divisor,
        awards=tuple(awards),
        tied=tied,
        tied_seats=seats - len(awards) if tied else 0,
        tied_value=tied_value,
    )


def _divisor(seats_won, first_divisor):
    return first_divisor if seats_won == 0 else Fraction(2 * seats_won + 1)


def show(value, places=4):
    """A fraction as a decimal for reading ("0.6100"); the working stays exact."""
    return f"{float(value):.{places}f}"


def working(result, names=None):
    """The split's working as lines of plain text, for the command line and the log."""
    names = names or [f"area {i + 1}" for i in range(len(result.populations))]
    lines = [_heading(result)]
    if result.method == HAMILTON:
        total = sum(result.populations)
        lines.append(f"Hare quota: {total} / {result.total_seats} per seat")
        for row in result.rows:
            lines.append(
                f"  {names[row.area]}: population {row.population}, quota {show(row.quota)},"
                f" {row.whole} whole, remainder {show(row.remainder)}"
                + (", +1 for the remainder" if row.extra else "")
            )
    else:
        for award in result.awards:
            lines.append(
                f"  seat {award.seat}: {names[award.area]}, "
                f"{result.populations[award.area]} / {show(award.divisor, 2)} "
                f"= {show(award.quotient)}"
            )
    if result.is_tie:
        lines.append(tie_message(result, names))
    label = "Seats certain before the lot" if result.is_tie else "Seats"
    lines.append(f"{label}: " + ", ".join(f"{names[i]} {n}" for i, n in enumerate(result.seats)))
    return lines


def tie_message(result, names=None):
    """One line saying which areas are tied for how many seats."""
    names = names or [f"area {i + 1}" for i in range(len(result.populations))]
    tied = ", ".join(names[i] for i in result.tied)
    return (
        f"TIE: {tied} have the same claim ({show(result.tied_value)}) on the last "
        f"{result.tied_seats} seat(s); it must be decided by lot"
    )


def _heading(result):
    if result.method == HAMILTON:
        return f"Largest remainder (Hamilton), {result.total_seats} seats"
    if result.method == SAINTE_LAGUE:
        return f"Sainte-Laguë (divisors 1, 3, 5, …), {result.total_seats} seats"
    return (
        f"Modified Sainte-Laguë (divisors {show(result.first_divisor, 2)}, 3, 5, …), "
        f"{result.total_seats} seats"
    )
