"""The kinds of stored item a change stamp is kept for (plain constants: a light import for every command).

An item is named by ``(kind, episode id)``; the episode is "" for the taxonomy and the episode list.
"""

TRANSCRIPT = "transcript"  # the cues of one episode
METADATA = "metadata"  # one episode's title, date, participants...
ANNOTATIONS = "annotations"  # the annotations of one episode
TAXONOMY = "taxonomy"  # the codebook
EPISODE_LIST = "episodes"  # which episodes exist (changes when one is added or removed)
