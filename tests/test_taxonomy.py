"""The curated taxonomy (papers/taxonomy/): rules, precision on real papers, the word gate.

Plain pytest, no database: runs with `-p no:django` too. Real examples are picked from the
real data by arXiv id, or by title for the 72 papers of the sample digest (which have no
ids); only the word-boundary cases use short made-up strings.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from types import SimpleNamespace

from pathlib import Path

import pytest

from papers import taxonomy
from papers.taxonomy import (
    DATASETS,
    TOPICS,
    RuleSet,
    compile_patterns,
    datasets_for,
    gate_text,
    label_paper,
    match_rules,
    paper_text,
    pattern_gate,
    topics_for,
)
from tests.digests import SEED, all_papers


@pytest.fixture(autouse=True)
def _plain_static_storage():
    """Overrides the conftest fixture of that name, which needs pytest-django's `settings`."""


@functools.cache
def seed_papers() -> dict[str, str]:
    """The sample digest's papers, title -> abstract: after the date line, title then abstract paragraphs."""
    paragraphs = [" ".join(p.split()) for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    start = next(i for i, p in enumerate(paragraphs) if re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", p)) + 1
    body = paragraphs[start:]
    return dict(zip(body[0::2], body[1::2]))


@functools.cache
def real_papers() -> dict[str, tuple[str, str]]:
    """Key -> (title, abstract): arXiv id for the 649 papers, the title for the 72 seed papers."""
    papers = {row["arxiv_id"]: (row["title_oneline"], row["abstract_oneline"]) for row in all_papers()}
    papers.update({title: (title, abstract) for title, abstract in seed_papers().items()})
    return papers


@functools.cache
def labels() -> dict[str, tuple[list[str], list[str]]]:
    return {key: (topics_for(*paper), datasets_for(*paper)) for key, paper in real_papers().items()}


def topics_of(key: str) -> list[str]:
    return labels()[key][0]


def datasets_of(key: str) -> list[str]:
    return labels()[key][1]


def test_the_data_is_all_there():
    assert len(all_papers()) == 649
    assert len(seed_papers()) == 72
    assert len(real_papers()) == 649 + 72


# --- the rules themselves -------------------------------------------------------------


@pytest.mark.parametrize("rules", [TOPICS, DATASETS], ids=["topics", "datasets"])
def test_slugs_are_unique_and_slug_shaped(rules):
    slugs = [rule.slug for rule in rules]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) and len(slug) <= 64 for slug in slugs)
    assert all(rule.name.strip() for rule in rules)


def test_sizes_and_required_topics():
    assert 20 <= len(TOPICS) <= 40
    assert len(DATASETS) >= 40
    assert all(rule.description.strip() for rule in TOPICS)
    required = {
        "transformers", "convolutional-networks", "generative-models", "reinforcement-learning", "graph-learning",
        "optimization", "compression", "language-models", "computer-vision", "speech-audio", "medical",
        "time-series", "robotics", "recommender-systems", "3d-vision", "theory", "multimodal", "continual-learning",
        "efficiency",
    }
    assert required <= {rule.slug for rule in TOPICS}
    assert {"imagenet", "cifar-10", "cifar-100", "mnist", "fashion-mnist", "coco", "glue", "mmlu", "gsm8k", "math",
            "humaneval", "swe-bench", "c4", "arc"} <= {rule.slug for rule in DATASETS}


@pytest.mark.parametrize("rule", TOPICS + DATASETS, ids=lambda rule: rule.slug)
def test_every_pattern_compiles_alone_and_joined(rule):
    for pattern in rule.patterns:
        assert "\n" not in pattern  # the admin stores patterns one a line
        assert compile_patterns([pattern]).pattern == f"(?:{pattern})"
    assert compile_patterns(rule.patterns).pattern == rule.regex.pattern
    assert rule.regex.flags & re.IGNORECASE


@pytest.mark.parametrize("rule", TOPICS, ids=lambda rule: rule.slug)
def test_every_topic_matches_at_least_three_real_papers(rule):
    assert sum(rule.slug in topics for topics, _ in labels().values()) >= 3


def test_few_real_papers_have_no_topic():
    untagged = [key for key, (topics, _) in labels().items() if not topics]
    assert len(untagged) < 0.15 * len(labels())


# --- precision on real papers ----------------------------------------------------------

DIFFGRAD = "diffGrad: An Optimization Method for Convolutional Neural Networks"
PRUNED = "AP: Selective Activation for De-sparsifying Pruned Neural Networks"
RMT_BATCH = "Learning Rates as a Function of Batch Size: A Random Matrix Theory Approach to Neural Network Training"
SIMPLE_NETS = "Lets keep it simple, Using simple architectures to outperform deeper and more complex architectures"
BAGEL = "When does dough become a bagel? Analyzing the remaining mistakes on ImageNet"
LIPSDP = "Novel Quadratic Constraints for Extending LipSDP beyond Slope-Restricted Activations"
DL_THEORY = "The Principles of Deep Learning Theory"
TRAFFIC = "Graph-based Multi-ODE Neural Networks for Spatio-Temporal Traffic Forecasting"
AUTOINT = "AutoInt: Automatic Feature Interaction Learning via Self-Attentive Neural Networks"
POINT_CLOUDS = "3DCNN-DQN-RNN: A Deep Reinforcement Learning Framework for Semantic Parsing of Large-scale 3D Point Clouds"
CIRCUITS = ("Neural Circuit Diagrams: Robust Diagrams for the Communication, Implementation, and Analysis of "
            "Deep Learning Architectures")

TOPIC_CASES = [
    # (paper, topic, expected): why
    ("2505.22653", "reinforcement-learning", True),  # RL post-training with noisy rewards
    ("2601.05249", "reinforcement-learning", True),  # "RL-AWB: Deep Reinforcement Learning for Auto White Balance"
    (POINT_CLOUDS, "reinforcement-learning", True),
    (POINT_CLOUDS, "3d-vision", True),
    ("2406.09246", "robotics", True),  # OpenVLA, a vision-language-action model
    ("2505.20322", "robotics", False),  # "Robust Behavior Control in LLMs": robust, no robots
    ("2406.09411", "robotics", False),  # MuirBench "... for Robust Multi-image Understanding"
    (CIRCUITS, "robotics", False),  # "Robust Diagrams"
    (TRAFFIC, "graph-learning", True),
    (TRAFFIC, "time-series", True),
    ("2410.13832", "graph-learning", False),  # VidPanos: "photographs"
    ("2601.05249", "graph-learning", False),  # RL-AWB: "photography"
    ("2604.10030", "graph-learning", False),  # Prompt Relay: "paragraph"
    ("2406.09297", "transformers", True),  # MLKV: multi-query and grouped-query attention
    (LIPSDP, "transformers", False),  # "has received much attention": not the mechanism
    (LIPSDP, "theory", True),  # Lipschitz bounds, semidefinite programming
    (DL_THEORY, "theory", True),
    (RMT_BATCH, "theory", True),
    ("2601.05106", "theory", False),  # an empirical method with "a theoretical analysis showing ..."
    ("2505.22961", "theory", False),  # ToMAP: "Theory of Mind"
    (LIPSDP, "code", False),  # "semidefinite programming" is not programming
    ("2505.21297", "code", True),  # rStar-Coder: competitive code reasoning
    ("2410.09426", "code", False),  # FlatQuant: "Code is available at ..." only
    ("2410.09426", "compression", True),  # LLM quantization
    ("2410.06885", "speech-audio", True),  # F5-TTS
    ("2509.22572", "speech-audio", False),  # "TTS" there is test-time scaling
    ("2410.09019", "medical", True),  # MedMobile: clinical language model
    ("2410.05295", "safety-alignment", True),  # AutoDAN-Turbo: jailbreaks
    ("2505.21178", "multimodal", False),  # "GRPO with clip-higher": not CLIP
    (AUTOINT, "recommender-systems", True),  # CTR prediction
    ("2605.12484", "continual-learning", True),  # "Towards LLMs That Adapt Continually"
    ("2410.13848", "multimodal", True),  # Janus: unified multimodal understanding and generation
    ("2412.04431", "generative-models", True),  # Infinity: autoregressive image synthesis
]


@pytest.mark.parametrize(("paper", "topic", "expected"), TOPIC_CASES, ids=lambda v: str(v)[:24])
def test_topics_of_real_papers(paper, topic, expected):
    assert (topic in topics_of(paper)) is expected


DATASET_CASES = [
    (DIFFGRAD, {"cifar-10", "cifar-100"}, set()),  # "the CIFAR10 and CIFAR100 datasets"
    (PRUNED, {"cifar-10", "cifar-100", "imagenet"}, set()),  # "CIFAR-10/100"
    (RMT_BATCH, {"cifar-100", "imagenet"}, {"cifar-10"}),  # CIFAR-100 only
    (SIMPLE_NETS, {"mnist", "cifar-10", "cifar-100", "svhn", "imagenet"}, {"fashion-mnist"}),
    (BAGEL, {"imagenet"}, set()),  # ImageNet and its "ImageNet-Major" slice
    ("2505.21178", {"math", "aime", "amc"}, set()),  # "AIME 2024, MATH-500, AMC 2023"
    ("2410.13293", {"gsm8k"}, {"math"}),  # "Math Word Problem Solving", GSM8K: not the MATH benchmark
    ("2602.02156", {"arc"}, set()),  # ARC-AGI
    ("2505.11277", set(), {"arc"}),  # "Search and Refine ...": search is not ARC
    ("2406.09297", set(), {"gqa"}),  # GQA there is grouped-query attention
    ("2601.05149", {"coco", "geneval", "dpg-bench"}, set()),  # "MS-COCO 5k validation split"
    ("2410.06166", {"video-mme"}, {"mme"}),  # Video-MME is not MME
    ("2602.02084", {"swe-bench"}, set()),  # "SWE-bench Verified"
]


@pytest.mark.parametrize(("paper", "present", "absent"), DATASET_CASES, ids=lambda v: str(v)[:24])
def test_datasets_of_real_papers(paper, present, absent):
    found = set(datasets_of(paper))
    assert present <= found
    assert not absent & found


# --- word boundaries and case, on short strings ------------------------------------------

BOUNDARY_CASES = [
    ("robotics", "a robust optimiser", False),
    ("robotics", "a robotic arm", True),
    ("graph-learning", "each paragraph and photograph", False),
    ("graph-learning", "a graph neural network", True),
    ("graph-learning", "GNNs on molecules", True),
    ("reinforcement-learning", "the url and world of RLlib", False),
    ("reinforcement-learning", "training with rl", False),
    ("reinforcement-learning", "zero-RL training", True),
    ("reinforcement-learning", "RLHF and RLVR", True),
    ("reinforcement-learning", "reinforcement\nlearning", True),  # hard-wrapped
    ("transformers", "this has received much attention", False),
    ("transformers", "multi-head self-attention", True),
    ("convolutional-networks", "FID and Inception Score", False),
    ("convolutional-networks", "Inception-v4 networks", True),
    ("medical", "CT scans", True),
    ("medical", "the act of", False),
    ("theory", "a theoretical analysis", False),
    ("theory", "we prove a regret bound", True),
    ("speech-audio", "text-to-speech", True),
    ("code", "code is available at github", False),
    ("multimodal", "clip the gradient", False),
]


@pytest.mark.parametrize(("topic", "text", "expected"), BOUNDARY_CASES, ids=lambda v: str(v)[:24])
def test_topic_word_boundaries(topic, text, expected):
    assert (topic in topics_for(text, "")) is expected


DATASET_BOUNDARY_CASES = [
    ("c4", "pre-trained on C4.", True),
    ("c4", "C40 chips and a C4D model", False),
    ("arc", "ARC-Challenge and ARC-Easy", True),
    ("arc", "we search the archive", False),
    ("arc", "an arc of a circle", False),
    ("math", "MATH-500", True),
    ("math", "the MATH benchmark", True),
    ("math", "math problems and mathematics", False),
    ("mnist", "Fashion-MNIST", False),
    ("fashion-mnist", "Fashion-MNIST", True),
    ("mnist", "MNIST digits", True),
    ("cifar-10", "CIFAR-100", False),
    ("cifar-100", "CIFAR-10", False),
    ("cifar-10", "CIFAR-10/100", True),
    ("cifar-100", "CIFAR-10/100", True),
    ("coco", "MS-COCO", True),
    ("coco", "MSCOCO", True),
    ("coco", "cocoa beans", False),
    ("imagenet", "ImageNet-1K", True),
    ("gsm8k", "GSM8K", True),
    ("gqa", "grouped-query attention (GQA)", False),
    ("gqa", "VQAv2 and GQA", True),
    ("ruler", "a ruler", False),
    ("glue", "we glue them together", False),
]


@pytest.mark.parametrize(("dataset", "text", "expected"), DATASET_BOUNDARY_CASES, ids=lambda v: str(v)[:24])
def test_dataset_word_boundaries(dataset, text, expected):
    assert (dataset in datasets_for("", text)) is expected


# --- compile_patterns and match_rules ---------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        ([r"\bok\b", r"\bbad(\b"], re.escape(r'pattern "\bbad(\b" does not compile: missing )')),
        ([r"\bok\b", ""], "empty pattern"),
        ([r"x*"], "matches empty text"),
        ([r"\b"], "matches empty text"),
        ([r"(a)\1"], "back-reference"),
        ([r"(?i)foo"], "does not compile"),
        ([], "no patterns"),
    ],
)
def test_compile_patterns_reports_bad_patterns(patterns, message):
    with pytest.raises(ValueError, match=message):
        compile_patterns(patterns)


def test_compile_patterns_joins_case_insensitively():
    regex = compile_patterns([r"\bfoo\b", r"(?-i:\bBAR\b)"])
    assert regex.search("FOO") and regex.search("BAR") and not regex.search("bar")
    with pytest.raises(TypeError):
        compile_patterns(r"\bfoo\b")


def test_match_rules_takes_database_like_rows():
    rows = [SimpleNamespace(slug=rule.slug, patterns="\n".join(rule.patterns)) for rule in TOPICS]
    for title, abstract in list(real_papers().values())[::25]:
        assert match_rules(rows, paper_text(title, abstract)) == topics_for(title, abstract)
    edited = [SimpleNamespace(slug="noisy-rewards", patterns=r"\bnoisy rewards?\b"),
              SimpleNamespace(slug="loose", patterns=[r"\d+x\b"])]  # no word to gate on: always searched
    assert match_rules(edited, "Learning from NOISY\nREWARDS, 3x faster") == ["noisy-rewards", "loose"]
    assert match_rules(edited, "clean rewards") == []
    with pytest.raises(ValueError, match="unterminated"):
        match_rules([SimpleNamespace(slug="bad", patterns="(oops")], "text")


# --- the word gate: only a speed-up, never a different answer ------------------------------


@pytest.mark.parametrize("rules", [TOPICS, DATASETS], ids=["topics", "datasets"])
def test_gated_matching_equals_searching_every_regex(rules):
    rule_set = RuleSet((rule.slug, rule.patterns) for rule in rules)
    for title, abstract in real_papers().values():
        text = paper_text(title, abstract)
        assert rule_set.match(text) == [rule.slug for rule in rules if rule.regex.search(text)]


def test_label_paper_is_topics_and_datasets():
    for title, abstract in list(real_papers().values())[::10]:
        assert label_paper(title, abstract) == (topics_for(title, abstract), datasets_for(title, abstract))


def test_every_curated_pattern_has_a_gate():
    assert all(pattern_gate(p) for rule in TOPICS + DATASETS for p in rule.patterns)
    assert pattern_gate(r"\bdiffusion models?\b").words == {"diffusion model"}
    assert pattern_gate(r"\b(?:GANs?|VAEs?)\b").words == {"gan", "vae"}
    assert pattern_gate(r"\bself[- ]?supervised").words == {"self-supervised", "self supervised", "selfsupervised"}
    assert pattern_gate(r"(?:large )?language model").anchored is False
    assert pattern_gate(r"\d+x faster").words == {"faster"}
    assert pattern_gate(r"\d+x\b") is None  # starts inside a word: searched in every text


def test_gate_text_folds_every_letter_ignorecase_equates_with_ascii():
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    word = re.compile(r"\w")
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        folded = gate_text(char)
        if ascii_letter.fullmatch(char):
            assert folded == char.lower() if char.isascii() else folded.isascii() and ascii_letter.fullmatch(folded)
        # word starts stay word starts: lower() never turns a word character into a non-word one or back
        assert bool(word.match(char)) == all(word.match(c) for c in folded), hex(code)


def test_gate_finds_words_written_with_letters_ignorecase_equates():
    # Kelvin sign, long s, dotless and dotted i: re.IGNORECASE matches them as k, s, i
    for text in ("\u212aV cache", "\u017felf-supervised", "L\u0130DAR", "re\u0131nforcement learning"):
        for rules in (TOPICS,):
            plain = [rule.slug for rule in rules if rule.regex.search(text)]
            assert plain and topics_for(text, "") == plain


def test_pure_python_module():
    package = Path(taxonomy.__file__).parent
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert imported and not any(name.split(".")[0] in ("django", "papers", "portal") for name in imported), path
