"""The matcher's calibrated numbers, in one place: thresholds, margins, alignment costs, budgets.

Calibrated with ``benchmarks/match.py`` on said and never-said quotes; see the README's
``annotate match`` section. Every face and core service that asks "is this place clearly the
best?" uses :data:`AMBIGUITY_MARGIN` from here.
"""

from __future__ import annotations

# A match scores at least this (1.0 is word for word). Calibrated with benchmarks/match.py on
# said and never-said quotes; see the README's `annotate match` section.
THRESHOLD = 0.70
# A quote needs this many words (fillers aside), one of them a content word (not a function
# word), to be placed at all: fewer give too little to go on.
MIN_WORDS = 3
# A quote with fewer content words than this (one fewer will do in a quote of at least
# MIN_WORDS_WITH_FEW_CONTENT words) is short: it is placed only when its best passage beats every
# other by SHORT_QUOTE_MARGIN, since a few common words fit many places nearly as well.
MIN_CONTENT_WORDS = 3
MIN_WORDS_WITH_FEW_CONTENT = 6
SHORT_QUOTE_MARGIN = 0.10
# Costs of the word alignment, in quote words.
SOFT_QUOTE_WEIGHT = 0.5  # a filler in the quote that the transcript lacks
FUNCTION_WORD_WEIGHT = 0.5  # "the", "of", "we": a changed or missing one says less than a content word
# Function words that still weigh in full: a "not" dropped or added turns what was said around.
NEGATIONS = frozenset({"no", "nor", "not"})
# A transcript word the quote leaves out inside the passage costs this share of its weight: a
# citation that drops a word ("starting to", an acronym) shortens what was said without changing it.
OMITTED_WORD_FACTOR = 0.8
SOFT_SKIP_COST = 0.1  # a filler or stutter in the transcript that the quote left out
LOOKALIKE_FLOOR = 0.5  # spelling similarity from which a changed word counts as misheard
LOOKALIKE_CREDIT = 0.6
# The latest of the equally long alignments is tried too when the earliest costs at most this share
# of the segment's weight (more, and it could not clear the threshold anyway).
BACKWARD_TRY_BELOW = 0.5
STEM_COST = 0.25  # a word bent another way ("thinking" for "think") costs this share of its weight
# More unmatched words than this at a quote's edge are taken as not said, not as changed words.
MAX_EDGE_SUBSTITUTIONS = 2
# Candidate generation: postings per quote at most, diagonals aligned at most.
POSTING_BUDGET = 20_000
MIN_SEED_KEYS = 3
MAX_KEY_POSTINGS = 400_000
MAX_CANDIDATES = 24
# Once a passage clears the threshold, candidates with fewer than this share of its votes are skipped.
PRUNE_VOTES = 0.4
# An ellipsis may stand for this many words of the transcript at most; each word cut costs a
# little, so of two places for a part the nearer wins. A part placed worse than half is not placed.
MAX_CUT_WORDS = 150
CUT_WORD_COST = 0.01
MAX_PART_COST = 0.5
# A quote stitched from nearby clauses without an ellipsis: when it places worse than
# IMPLICIT_CUT_TRY_BELOW as said, each clause break (. ! ? ; , or a dash) is tried as a cut of at
# most MAX_IMPLICIT_CUT_WORDS words (one turn or the cues next to it), each costing IMPLICIT_CUT_COST
# quote words, around the IMPLICIT_CUT_PLACES best places that scored IMPLICIT_CUT_FLOOR at least.
IMPLICIT_CUT_TRY_BELOW = 0.90
IMPLICIT_CUT_FLOOR = 0.3
IMPLICIT_CUT_PLACES = 3
MAX_IMPLICIT_CUTS = 5
MAX_IMPLICIT_CUT_WORDS = 60
IMPLICIT_CUT_COST = 0.5
# Inside one part, a run of at least UNMARKED_CUT_MIN_WORDS transcript words the quote leaves out is
# priced as an unmarked cut (IMPLICIT_CUT_COST plus CUT_WORD_COST a word) when that is cheaper.
UNMARKED_CUT_MIN_WORDS = 3
# Quote words the speaker never said, set off by punctuation (a vocative, "look,", an aside), cost
# this share of their weight: an inserted clause changes less than a changed word does.
# An aside is at most MAX_ASIDE_WORDS words (MAX_VOCATIVE_WORDS before the first word said) and at
# most MAX_ASIDE_SHARE of the quote's weight: the rest of the quote must carry it.
ASIDE_FACTOR = 0.4
MAX_ASIDE_WORDS = 5
MAX_VOCATIVE_WORDS = 1
MAX_ASIDE_SHARE = 0.35
# Two places whose scores differ by less than this fit a quote about equally well: both are shown
# (the quote "occurs N times"), neither is tagged on its own, and an anchor between them is orphaned.
AMBIGUITY_MARGIN = 0.05
