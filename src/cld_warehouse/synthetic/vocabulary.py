"""The values the generator names directly: event and service types, event outcomes, and the
invented names, places and descriptions (all checked against the seeds, see `weights.LITERALS`)."""
from __future__ import annotations


EVENT_TYPES = ("Request", "Assessment", "Service", "Review")

LTS_COMMUNITY = "Long Term Support: Community"

LTS_RESIDENTIAL = "Long Term Support: Residential Care"

LTS_NURSING = "Long Term Support: Nursing Care"

ST_MAX = "Short Term Support: ST-Max"

ST_OTHER = "Short Term Support: Other Short Term"

ST_LOW = "Short Term Support: Ongoing Low Level"

# outcomes
TO_REABLEMENT = "Progress to Reablement/ST-Max"

TO_ASSESSMENT = "Progress to Assessment / Unplanned Review"

ADMITTED_TO_HOSPITAL = "Admitted to hospital"

TO_REASSESSMENT = "Progress to Re-assessment"

TO_SERVICES = "Progress to Support Planning / Services"

TO_END_OF_LIFE = "Progress to End of Life Care"

NO_CHANGE = "No change in package"

ENDED_AS_PLANNED = "Service ended as planned"

NFA_MOVED = "NFA - Moved to another LA"

NFA_NHS_FUNDED = "NFA - 100% NHS funded care"

NFA_SELF_FUNDED = "NFA - Self-funded client (inc 12wk disregard)"

NFA_DECLINED = "NFA - Support declined"

NFA_SIGNPOSTED = "NFA - Information & Advice / Signposting only"

NFA_DECEASED = "NFA - Deceased"

NFA_NO_SERVICES = "NFA - No services offered: Other reason"

NFA_SUPPORT_ENDED = "NFA - Support ended: Other reason"

FIRST_NAMES = {
    "Female": ["Ada", "Beryl", "Carys", "Dilys", "Edna", "Freya", "Gwen", "Hazel", "Iris", "Joan", "Kath", "Lorna",
               "Maud", "Nora", "Olive", "Pearl", "Rhona", "Sadie", "Thea", "Una", "Vera", "Winnie", "Yvette",
               "Zara", "Amira", "Bethan", "Chloe", "Danielle", "Ellie", "Fatima", "Grace", "Hollie", "Jade",
               "Kezia", "Leah", "Megan", "Niamh", "Priya", "Ruby", "Sian"],
    "Male": ["Albert", "Bernard", "Cyril", "Dennis", "Ernest", "Frank", "Gordon", "Harold", "Ivor", "Jack", "Kenneth",
             "Leonard", "Maurice", "Norman", "Owen", "Percy", "Ronald", "Stanley", "Trevor", "Victor", "Walter",
             "Aaron", "Bilal", "Callum", "Dylan", "Ewan", "Farhan", "George", "Harvey", "Idris", "Jamal", "Kieran",
             "Liam", "Mason", "Nathan", "Oliver", "Reece", "Sami", "Tyler", "Zac"],
}

SURNAME_HEADS = ["Ash", "Brack", "Cald", "Dun", "Elms", "Fern", "Gorr", "Hales", "Ingle", "Kell", "Lark", "Marl",
                 "Nort", "Oak", "Penn", "Quill", "Rook", "Sell", "Thorn", "Wynd", "Yarl", "Brom", "Crag", "Dray"]

SURNAME_TAILS = ["aby", "acombe", "aden", "afield", "aford", "agate", "aholt", "aley", "amere", "aridge", "astead",
                 "aton", "awick", "aworth", "abrook", "athwaite"]

PLACE_WORDS = ["Alder", "Beech", "Briar", "Cedar", "Clover", "Elder", "Fennel", "Hawthorn", "Heather", "Holly",
               "Juniper", "Laurel", "Linden", "Maple", "Meadow", "Orchard", "Rowan", "Sorrel", "Willow", "Yew"]

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"          # letters allowed in the inward code's unit

AREA_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"          # second area letter (never I, J, Z)

DESCRIPTIONS = {
    "Request": ["Adult Contact: New case", "Hospital contact", "Reablement contact", "Children's referral to ASC",
                "Front door contact"],
    "Assessment": ["Contact screening assessment", "Care Act Eligibility assessment",
                   "3 stage Care Act Eligibility assessment", "Initial conversation"],
    "Review": ["Care management overview re-assessment", "Initial review", "6 week review", "Annual review",
               "Unscheduled Review"],
}

REGULATED = {"Home Support", "Community Supported Living", "Shared Lives", "Reablement", "Long Term Residential Care",
             "Long Term Nursing Care", "Short Term Residential Care", "Short Term Nursing Care", "End of Life Care"}
