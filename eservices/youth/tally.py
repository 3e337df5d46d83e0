"""Counting an area's ballots, breaking ties by a lottery anyone can re-run, and hashing.

Everything here is a pure function of the published ballot list, the candidates and the
published seed, so that `flask election verify` and the certification run the very same
code, and so can anyone who downloads the ballot list.

The lottery. When candidates have the same number of votes, their order is the order of
SHA-256(seed, area, candidate) — a draw that depends on nothing a candidate or an
administrator controls once the seed is fixed. The seed is fixed before voting opens and
only its SHA-256 is published then (a commitment); the seed itself is published after
close. So nobody can choose a seed that favours someone after seeing the votes, and
nobody can compute the draw before voting ends.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass, field

BLANK = ""  # a blank vote's candidate key in the ballot list


def new_seed():
    """A fresh lottery seed: 256 random bits, as hex."""
    return secrets.token_hex(32)  # pragma: no mutate (its mutant, None, is the same 32 bytes)


def commitment(seed):
    """What is published before voting opens: the seed's SHA-256, as hex."""
    return hashlib.sha256(seed.encode()).hexdigest()


def draw(seed, area, candidate):
    """The candidate's lottery number in the area: lower wins a tie."""
    return hashlib.sha256(f"{seed}\n{area}\n{candidate}".encode()).hexdigest()


@dataclass
class AreaResult:
    """An area's count: votes per candidate, the order, who was elected as what."""

    area: str
    votes: dict  # candidate key -> votes, every approved candidate, zero included
    blank: int
    order: list  # candidate keys, most votes first, ties in lottery order
    members: list
    deputies: list
    lotteries: list = field(default_factory=list)  # ties the lottery decided

    @property
    def total(self):
        """Ballots cast in the area, blank ones included."""
        return sum(self.votes.values()) + self.blank

    def as_dict(self):
        """The area's result in the published, canonical shape."""
        return {
            "area": self.area,
            "votes": dict(sorted(self.votes.items())),
            "blank": self.blank,
            "order": self.order,
            "members": self.members,
            "deputies": self.deputies,
            "lotteries": self.lotteries,
        }


def count_area(area, candidates, ballots, members, deputies, seed):
    """Count an area: `ballots` are candidate keys (BLANK for blank), `candidates` the keys.

    The first `members` in order are elected members, the next `deputies` deputies. A tie
    matters only where it decides who gets a seat or which kind; those are recorded in
    `lotteries` with the tied candidates, their draws and the places they competed for.
    """
    votes = dict.fromkeys(candidates, 0)
    blank = 0
    for choice in ballots:
        if choice == BLANK:
            blank += 1
        elif choice in votes:
            votes[choice] += 1
        else:
            raise ValueError(f"a ballot in {area} names {choice!r}, who is not a candidate there")
    draws = {key: draw(seed, area, key) for key in votes}
    order = sorted(votes, key=lambda key: (-votes[key], draws[key]))
    seats = members + deputies
    lotteries = []
    for count in sorted(set(votes.values()), reverse=True):
        tied = [key for key in order if votes[key] == count]
        if len(tied) < 2:
            continue
        places = [order.index(key) for key in tied]
        first, last = min(places), max(places)
        decides_a_seat = first < seats and (last >= seats or (first < members <= last))
        if decides_a_seat:
            lotteries.append(
                {
                    "votes": count,
                    "places": [first + 1, last + 1],
                    "candidates": tied,
                    "draws": {key: draws[key] for key in tied},
                }
            )
    return AreaResult(
        area=area,
        votes=votes,
        blank=blank,
        order=order,
        members=order[:members],
        deputies=order[members:seats],
        lotteries=lotteries,
    )


def count(areas, ballots, seed):
    """Count every area. `areas` maps area -> (candidates, members, deputies).

    `ballots` is the published ballot list: (tracker, area, candidate key) rows.
    """
    by_area = {area: [] for area in areas}
    for _tracker, area, choice in ballots:
        if area not in by_area:
            raise ValueError(f"a ballot names the area {area!r}, which is not in the election")
        by_area[area].append(choice)
    return [
        count_area(area, candidates, by_area[area], members, deputies, seed)
        for area, (candidates, members, deputies) in sorted(areas.items())
    ]


def canonical(value):
    """The one byte string a value is hashed as: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,  # pragma: no mutate (its mutant, None, also means False)
    ).encode()


def ballot_list_rows(ballots):
    """The ballot list as published: rows sorted by tracker, which is random."""
    return sorted([tracker, area, choice] for tracker, area, choice in ballots)


def result_hash(ballots, results, seed):
    """SHA-256 over the ballot list, the result and the seed: what certification freezes."""
    document = {
        "ballots": ballot_list_rows(ballots),
        "results": [result.as_dict() for result in results],
        "seed": seed,
    }
    return hashlib.sha256(canonical(document)).hexdigest()


def differences(published, recomputed):
    """What differs between a published result and one recomputed from the ballots."""
    found = []
    published_areas = {area["area"]: area for area in published}
    for result in recomputed:
        mine = result.as_dict()
        theirs = published_areas.pop(result.area, None)
        if theirs is None:
            found.append(f"{result.area}: missing from the published result")
            continue
        for key, value in mine.items():
            if theirs.get(key) != value:
                found.append(
                    f"{result.area}: {key} published {theirs.get(key)!r}, counted {value!r}"
                )
    found.extend(f"{area}: published, but not in the election" for area in published_areas)
    return found
