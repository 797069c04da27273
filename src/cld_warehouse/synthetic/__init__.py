"""Deterministic synthetic CLD submissions (spec v4.2), written to the landing contract:
``cld generate`` (module ``generate``; the demo command is in its docstring).

Modules: ``generate`` (command line, one LA per job), ``simulator`` (one person's life, from
``events``, ``pathways`` and ``long_term``), ``authority`` (LA sizes and traits), ``weights`` and
``vocabulary`` (the odds and the values, checked against the seeds), ``seeds`` (what is read from
the project's seeds), ``dates``, ``rows`` (a person's rows in a file), ``corrupter`` (error
injection).

Landing contract: CLD_<LA>_<YYYY0401>_<period end>_<submitted YYYYMMDDHHMMSS>.csv (cumulative from
1 April; submitted 3-7 weeks after the period end, Q4 in June), the 40 template column names in item
order, UTF-8, csv-module quoting, dates dd/mm/yyyy, costs with 2 decimals, one row per event with the
person's items repeated identically on each of their rows.

Everything is synthetic.  NHS numbers come from the 999 test range (valid modulus-11 check digit,
~3% blank), first names come from a short list and surnames from invented syllable pairs (no real
people), postcodes use areas Q? (format-valid, but no real UK postcode area starts with Q), and GP
practices, care providers and CQC IDs are invented.  The defined-list values, their aliases and
which outcome is allowed on which event type are read from the seeds at run time: the weight tables
below only set the odds of values the seeds list, and the generator stops with an error if it names
a value the seeds do not have.

Model.  Each LA is simulated on its own (from --seed and the LA code) over a window that opens a
burn-in year before the first year written (so the first year already has last year's spill-over)
and closes on 31 March after the last year:
- an opening stock of long-term support (LTS) clients whose services started up to 12 years before;
- new clients arriving through each year: a Request (route of access) ending in NFA, or going on to
  an Assessment (short/long term), ST-Max reablement, crisis/low-level short-term support or end-of-
  life care; from reablement to nothing more, to a review and re-assessment and long-term support, or
  to hospital; linked events follow within 0-28 days; some people come back with another request;
- LTS clients (old and new) living on: annual planned reviews (mostly `No change in package`),
  unplanned reviews (hospital, carer, safeguarding, provider failure, commissioning), package
  changes (one service ends, the next starts the same or the next day), add-on services and
  equipment, hospital admissions, moves into residential or nursing care (accommodation and postcode
  change from the admission), exits (NFA outcomes) and deaths (whatever is open ends on the date of
  death with `NFA - Deceased`; nothing starts after it).
Every outcome is checked against seeds/spec/cld_event_outcome_event_types.csv (event type, and new
or existing client: existing = inside a long-term service on the event's start date).

Files.  For every year and quarter asked for, one cumulative file per LA: every event that started
by the period end and had not ended before 1 April; events still running at the period end are open
(blank end date and outcome); a date of death after the period end is not shown.  An event keeps its
Event Reference in every file (and across years).  About 3% of events are corrected in a later file
(the route of access, the service component, a request's NFA outcome or a review's start date differ
in the files before the correction), so supersession is visible.  Costs: gross unit cost at the
first year's prices (uplifted 4% each later April), every cost frequency, planned units per week for
hourly/daily/per-session costs, a person-level full-cost-client flag on long-term services.

Volume.  Each LA has a synthetic size weight, log-uniform in 0.25-4.0 from a SHA-256 hash of its
code (`la_weight`; NOT the real size of the LA).  `--scale 1.0` means about 9 million event rows in
one year's final (Q4) files over all 151 LAs: an LA simulates scale x 9M x weight / (sum of the 151
weights) / ROWS_PER_PERSON persons a year (STOCK_SHARE of them the opening LTS stock; the rest new
clients each year, the burn-in year included).  `--persons-per-la N` sets that number directly.
Rows are written person by person (memory stays flat, ~30 MB); LAs run in parallel processes.  The
output depends only on the options (not on --processes); as --years sets the simulated window, a
year's files are the same only when generated with the same --years.  Generation times at
each scale: docs/benchmarks.md.

Error injection (`--error-rate R`, 0 by default and for the demo): each written row is, with
probability R, damaged in one of these ways (a kind that fits the row, chosen at random): invalid
list value, guidance spelling (aliases seed), case/whitespace/dash variant of a list value,
impossible or non-date text, future date, end before start, missing mandatory item, bad NHS number
(wrong check digit, 9 or 11 digits), duplicated row, person detail inconsistent with the person's
other rows, cost written with `£` and a thousands separator.
"
"""
