"""A curated taxonomy of machine-learning topics and datasets, and the rules that assign it.

Pure Python, no Django: the importer, the admin and the tests call it, and rules edited in
the database are evaluated by the same engine (`compile_patterns`, `RuleSet`, `match_rules`).
`engine` holds the rule machinery, `curated` the default topics and datasets.
"""

from .curated import (
    DATASETS,
    TOPICS,
    DatasetRule,
    TopicRule,
    datasets_for,
    label_paper,
    rule_by_slug,
    topics_for,
)
from .engine import (
    FLAGS,
    SLUG_RE,
    Gate,
    RuleSet,
    compile_patterns,
    gate_text,
    match_rules,
    paper_text,
    pattern_gate,
    rule_set,
)

__all__ = [
    "DATASETS", "FLAGS", "SLUG_RE", "TOPICS", "DatasetRule", "Gate", "RuleSet", "TopicRule",
    "compile_patterns", "datasets_for", "gate_text", "label_paper", "match_rules", "paper_text",
    "pattern_gate", "rule_by_slug", "rule_set", "topics_for",
]
