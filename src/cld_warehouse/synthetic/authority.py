"""Local authorities as the generator sees them: a synthetic size weight, persons a year, and
per-LA traits (fill rates, postcode area, GP practices, care providers), all from the LA code."""
from __future__ import annotations

import hashlib
import random

from cld_warehouse.synthetic.dates import april_first, quarter_end
from cld_warehouse.synthetic.seeds import Spec
from cld_warehouse.synthetic.vocabulary import AREA_SECOND, INWARD_LETTERS, PLACE_WORDS
from cld_warehouse.synthetic.weights import ListWeighted

NATIONAL_ROWS = 9_000_000      # --scale 1.0: rows in one year's Q4 files over all 151 LAs

ROWS_PER_PERSON = 2.61         # measured: rows in the first year's Q4 files per person a year

NHS_BLOCK = 6_600              # NHS test-range positions set aside per LA (151 x 6,600 < 10**6)


def unit_hash(*parts: object) -> float:
    """A number in [0, 1) from a SHA-256 hash of the parts."""
    h = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(h[:8], "big") / 2 ** 64


def la_weight(la_code: str) -> float:
    """Synthetic size weight of an LA: log-uniform in 0.25-4.0 from a hash of its code — not its real size."""
    return round(0.25 * 16 ** unit_hash("cld-size", la_code), 4)


def la_has_no_references(la_code: str) -> bool:
    """For `--no-references-for auto`: about one LA in ten cannot produce Event References."""
    return unit_hash("cld-no-refs", la_code) < 0.1


def persons_for(la_code: str, scale: float, spec: Spec) -> int:
    """Persons a year that LA `la_code` simulates at `scale` (its share of NATIONAL_ROWS by weight)."""
    total = sum(la_weight(c) for c in spec.la_codes)
    return max(1, round(scale * NATIONAL_ROWS / ROWS_PER_PERSON * la_weight(la_code) / total))


class LocalAuthority:
    """Per-LA constants: traits, pools of practices and providers, the postcode area, the window."""

    def __init__(self, spec: Spec, code: str, years: list[int]):
        self.spec, self.code = spec, code
        self.index = spec.la_codes.index(code)
        self.first_written = april_first(min(years))              # the first 1 April written
        self.window_start = april_first(min(years) - 1)           # a burn-in year before it
        self.horizon = quarter_end(max(years), 4).toordinal()
        trait = random.Random(f"cld-la-traits|{code}")
        self.gp_fill = trait.choice([0.0, 0.5, 0.8, 0.95])
        self.voluntary_fill = trait.choice([0.1, 0.4, 0.7, 0.9])
        self.description_fill = trait.choice([0.0, 0.0, 0.6, 1.0])
        self.provider_fill = trait.choice([0.0, 0.5, 0.9])
        self.outcomes_fill = trait.choice([0.2, 0.6, 0.9])
        self.cost_fill = trait.uniform(0.6, 1.0)        # of commissioned support
        self.ethnicity = ListWeighted("ethnicity", {
            "White (English / Welsh / Scottish / Northern Irish / British)": trait.uniform(35, 92),
            "White Irish": 1.5, "White (Gypsy or Irish Traveller)": 0.3, "Any other White background": 5,
            "White and Black Caribbean": 1, "White and Black African": 0.5, "White and Asian": 0.7,
            "Any other mixed / multiple ethnic background": 0.8, "Indian": 3, "Pakistani": 3, "Bangladeshi": 1.5,
            "Chinese": 0.6, "Any other Asian background": 1.5, "African": 3, "Caribbean": 2,
            "Any other Black / African / Caribbean background": 0.8, "Arab": 0.5, "Any other ethnic group": 1,
            "Refused": 0.5, "Undeclared / Not known": 3}, default=0.5, register=False).compile(spec)
        self.area = "Q" + AREA_SECOND[trait.randrange(len(AREA_SECOND))]
        self.person_prefix = "".join(trait.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
        kinds = ["Surgery", "Medical Centre", "Health Centre", "Family Practice"]
        self.practices = [(f"{trait.choice(PLACE_WORDS)} {trait.choice(kinds)}",
                           f"{trait.choice('ABCDEFGHJKLMNPY')}{trait.randint(81000, 89999)}") for _ in range(25)]
        self.providers = {
            kind: [(f"{trait.choice(PLACE_WORDS)} {trait.choice(names)}", f"1-{trait.randint(100000000, 9999999999)}",
                    self.postcode(trait)) for _ in range(count)]
            for kind, names, count in (
                ("residential", ["House", "Lodge", "Court", "Manor", "Grange"], 15),
                ("nursing", ["Nursing Home", "Care Centre", "Court Nursing Home"], 8),
                ("home", ["Home Care", "Care Services", "Homecare Ltd", "Reablement Team"], 12),
                ("living", ["Supported Living", "Community Living", "Shared Lives Scheme"], 6))}

    def postcode(self, rng: random.Random) -> str:
        """A postcode in the LA's invented area: Q<letter><district> <digit><letter><letter>."""
        inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        return f"{self.area}{rng.randint(1, 29)} {inward}"
