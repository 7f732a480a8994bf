"""policytext's spaCy components. Importing this package registers their factories."""

from policytext.nlp.components.actors import ActorExtractor
from policytext.nlp.components.milestones import MilestoneExtractor
from policytext.nlp.components.sectors import SectorExtractor
from policytext.nlp.components.sentences import mark_line_sentences

__all__ = ["ActorExtractor", "MilestoneExtractor", "SectorExtractor", "mark_line_sentences"]
