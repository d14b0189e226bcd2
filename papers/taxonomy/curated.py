"""The curated topics and datasets: the default rules, seeded into the database by
migration 0003 and editable there. Pure Python, no Django.

A rule is a slug, a name and a tuple of regular expressions. The expressions of one rule
are joined into a single alternation and compiled once, case-insensitively; a pattern that
must keep its case carries an inline flag, e.g. ``(?-i:RL)``. Patterns carry their own word
boundaries (``\\b``), so "robot" never matches "robust" and "graph" never matches
"paragraph". Text is matched as title + abstract with whitespace runs collapsed
(`paper_text`), so a pattern's single space also matches a line break of a hard-wrapped
abstract.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .engine import SLUG_RE, RuleSet, _cached, paper_text


def _check_slug(slug: str) -> None:
    if not SLUG_RE.match(slug):
        raise ValueError(f"slug {slug!r} is not lowercase words joined by hyphens")


@dataclass(frozen=True)
class TopicRule:
    slug: str
    name: str
    description: str
    patterns: tuple[str, ...]
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_slug(self.slug)
        object.__setattr__(self, "patterns", tuple(self.patterns))
        object.__setattr__(self, "regex", _cached(self.patterns))


@dataclass(frozen=True)
class DatasetRule:
    slug: str
    name: str
    patterns: tuple[str, ...]
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_slug(self.slug)
        object.__setattr__(self, "patterns", tuple(self.patterns))
        object.__setattr__(self, "regex", _cached(self.patterns))


def _words(*words: str) -> str:
    """A pattern matching any of the words (each may itself be a small regex) as a whole word."""
    return r"\b(?:" + "|".join(words) + r")\b"


# "attention" is the mechanism unless it is the everyday word: "received much attention".
_IDIOM_BEFORE_ATTENTION = (
    "much", "more", "less", "little", "increasing", "increased", "growing", "widespread", "wide",
    "extensive", "significant", "considerable", "research", "special", "particular", "careful",
    "close", "pay", "paid", "draw", "drawn", "drew", "attract", "attracted", "attracting", "gained",
    "garnered", "received", "receive", "receiving", "regained", "public", "renewed",
)
_ATTENTION = r"\battention\b" + "".join(f"(?<!\\b{w} attention)" for w in _IDIOM_BEFORE_ATTENTION)

TOPICS: tuple[TopicRule, ...] = (
    TopicRule(
        "transformers",
        "Transformers and attention",
        "Transformer architectures, attention mechanisms, mixture-of-experts and their analysis.",
        (
            r"\btransformers?\b",
            _ATTENTION,
            r"\b(?:self|cross)-attentive\b",
            r"\bFlashAttention",
            _words("ViTs?", "BERT", "RoBERTa", "T5", "DiTs?", "MoE", "MoEs"),
            r"\bmixture[- ]of[- ](?:experts|heads|depths?)\b",
            r"\bKV[- ]?cache",
            r"\b(?:key-value|KV) (?:heads?|cache|states?)\b",
        ),
    ),
    TopicRule(
        "convolutional-networks",
        "Convolutional networks",
        "CNNs and their architectures: ResNets, Inception, MobileNets, U-Nets.",
        (
            r"\bconvolution(?:al|s)?\b",
            r"\bconv(?:nets?|olutional)\b",
            _words("CNNs?", "ResNe[tX]s?(?:-\\d+)?", "VGG(?:Net)?(?:-\\d+)?", "EfficientNets?", "MobileNet(?:V\\d)?s?",
                   "Inception(?:-v\\d)?(?! [Ss]core)", "U-?Nets?", "DenseNets?", "ConvNeXt"),
        ),
    ),
    TopicRule(
        "recurrent-state-space",
        "Recurrent and state-space models",
        "RNNs, LSTMs, state-space models (Mamba), linear recurrences and retention networks.",
        (
            r"\brecurren(?:t|ce)\b",
            _words("RNNs?", "LSTMs?", "GRUs?", "Mamba\\w*", "SSMs?", "RetNet", "RWKV"),
            r"\bstate[- ]space models?\b",
            r"\blong short-term memory\b",
            r"\bretent(?:ive|ion) networks?\b",
        ),
    ),
    TopicRule(
        "generative-models",
        "Diffusion and generative models",
        "Diffusion and flow-matching models, GANs, VAEs, and image, video and 3-D generation.",
        (
            r"\bdiffusion\b",
            r"\b(?:flow matching|rectified flows?|normali[sz]ing flows?|score-based)\b",
            _words("DDPMs?", "DDIM", "GANs?", "VAEs?", "DiTs?", "LDMs?"),
            r"\bgenerative adversarial\b",
            r"\bvariational auto-?encoders?\b",
            r"\b(?:deep|image|visual|video|audio|3D|diffusion-based|score-based) generative models?\b",
            r"\bgenerative (?:modell?ing|priors?)\b",
            r"\b(?:text|image|subject|audio|video)-to-(?:image|video|3D|audio|music|speech)\b",
            r"\b(?:image|video|visual|3D|motion|music|audio|pixel) (?:generation|synthesis|generative|editing)\b",
            r"\bclassifier-free guidance\b",
        ),
    ),
    TopicRule(
        "reinforcement-learning",
        "Reinforcement learning",
        "Reinforcement learning, policy optimisation, RLHF and RL with verifiable rewards.",
        (
            r"\breinforcement[- ]learning\b",
            r"(?-i:\bRL(?:HF|AIF|VR)?s?\b)",
            _words("GRPO", "PPO", "DAPO", "DQN", "Q-learning", "actor-critic", "SARSA"),
            r"\bpolicy (?:gradients?|optimi[sz]ation|learning|iteration)\b",
            r"\b(?:on|off)-policy\b",
            r"\bverifiable rewards?\b",
            r"\breward (?:shaping|hacking|signals?|functions?)\b",
            r"\bMarkov decision process",
            r"\bmulti-armed bandits?\b",
            r"\bself-play\b",
        ),
    ),
    TopicRule(
        "graph-learning",
        "Graph neural networks and graph learning",
        "GNNs, message passing, graph transformers and learning on knowledge and scene graphs.",
        (
            _words("GNNs?", "GCNs?"),
            r"\bgraph (?:neural|convolution\w*|attention networks?|transformers?|representation|learning|"
            r"structure[sd]?|embeddings?|generation|models?)\b",
            r"\bgraph-(?:based|structured|integrated)\b",
            r"\b(?:knowledge|scene|temporal) graphs?\b",
            r"\bmessage[- ]passing\b",
            r"\b(?:node classification|link prediction)\b",
        ),
    ),
    TopicRule(
        "optimization",
        "Optimisation and training dynamics",
        "Optimisers, learning rates, gradient methods, training dynamics and scaling of training.",
        (
            r"\boptimi[sz]ers?\b",
            _words("SGD", "Adam[W]?", "Adafactor", "Muon", "Shampoo", "LAMB"),
            r"\b(?:stochastic )?gradient (?:descent|noise|boosting|methods?|clipping)\b",
            r"\blearning[- ]rates?\b",
            r"\btraining dynamics\b",
            r"\bloss landscapes?\b",
            r"\b(?:convex|non-?convex|second-order|zeroth-order) optimi[sz]ation\b",
            r"\bhyper-?parameter (?:tuning|optimi[sz]ation|search|sensitivity|transfer)\b",
            r"\bweight averaging\b",
            r"\b(?:vanishing|exploding) gradients?\b",
        ),
    ),
    TopicRule(
        "compression",
        "Compression, pruning and quantisation",
        "Quantisation, pruning, sparsification, binarisation and distillation into smaller models.",
        (
            r"\bquanti[sz](?:ation|ed|ing|e)\b",
            r"\bprun(?:e|ed|ing)\b",
            r"\bbinari[sz](?:ation|ed)\b",
            r"\bknowledge distillation\b",
            r"\bdistill(?:s|ed|ing)? (?:\S+ ){0,3}?into (?:a |an )?(?:smaller|compact|lightweight|tiny|student)\b",
            r"\b(?:model|network|weight|KV[- ]cache|token|visual token|context) compression\b",
            r"\bcompress(?:ed|ing)? (?:LLMs?|models?|networks?|the KV)\b",
            r"\b(?:low|[1-8]|ultra-low|sub-[1-8])[- ]bits?\b",
            r"\b(?:INT|FP|NVFP)\d\b",
            r"\btoken (?:merging|pruning|reduction)\b",
            r"\bsparsi(?:ty|fication|fy)\b",
        ),
    ),
    TopicRule(
        "efficiency",
        "Efficient inference and training",
        "Faster or cheaper inference and training: KV caches, sparse attention, speculative "
        "decoding, early exit, parameter-efficient fine-tuning.",
        (
            r"\befficient (?:inference|training|decoding|generation|attention|architectures?|serving|"
            r"fine-tuning|pre-?training|transformers?|reasoning|long-context)\b",
            r"\b(?:inference|training|computational|compute|memory|parameter|token|cost)[- ]efficien(?:t|cy)\b",
            r"\bspeed-?ups?\b",
            r"\b\d+(?:\.\d+)?\s?[x×]\s(?:faster|speed|acceleration|lower|fewer|less|smaller|reduction|higher throughput)",
            r"\b(?:latency|throughput|FLOPs)\b",
            r"\baccelerat(?:e|es|ed|ing)? (?:\S+ ){0,2}"
            r"(?:inference|training|decoding|generation|sampling|convergence|prefill|rollouts?)\b",
            r"\b(?:inference|training|decoding|sampling|hardware) acceleration\b",
            r"\bspeculative decoding\b",
            r"\bearly[- ]exit",
            r"\bsparse attention\b",
            r"\b(?:LoRA|QLoRA|PEFT)\w*",
            r"\blow-rank adaptation\b",
            r"\bparameter-efficient\b",
        ),
    ),
    TopicRule(
        "language-models",
        "Large language models",
        "Large language models: pre-training, instruction tuning, post-training, and their behaviour.",
        (
            r"(?<!vision-)(?<!vision )(?<!audio-)(?<!speech-)\blanguage models?\b",
            r"\blanguage modell?ing\b",
            _words("LLMs?", "SLMs?", "GPT(?:-?\\d\\w*)?", "ChatGPT", "LLaMA\\w*", "Llama(?:-?\\d\\w*)?", "Qwen\\w*",
                   "Mistral\\w*", "Gemma\\w*", "DeepSeek\\w*", "Claude", "Gemini"),
            r"\binstruction[- ](?:tuning|tuned|following)\b",
            r"\bin-context learning\b",
            r"\bchatbots?\b",
            r"\bnext-token prediction\b",
        ),
    ),
    TopicRule(
        "computer-vision",
        "Computer vision",
        "Image recognition, detection, segmentation, depth, pose, restoration and visual representation.",
        (
            r"\bcomputer vision\b",
            r"\b(?:image|visual|scene|object|action|activity|face|facial) (?:classification|recognition|categori[sz]ation|"
            r"understanding|restoration|retrieval|perception|editing|tokeni[sz]ation|tokeni[sz]ers?|encoders?|quality)\b",
            r"\b(?:object|anomaly) detection\b",
            r"\bsegmentation\b",
            r"\b(?:depth|pose|optical flow) estimation\b",
            r"\b(?:super-resolution|deblurring|inpainting|relighting|image denoising)\b",
            r"\b(?:white balance|colou?r constancy|photographs?|photography)\b",
            r"\bvision (?:encoders?|backbones?|transformers?|models?|tasks?|research)\b",
            r"\bvisual (?:representations?|features?|tokens?|grounding|concepts?)\b",
            r"\b(?:image|video) (?:editing|processing|analysis|quality assessment)\b",
            _words("ViTs?", "OCR"),
        ),
    ),
    TopicRule(
        "speech-audio",
        "Speech and audio",
        "Speech recognition and synthesis, spoken dialogue, music and general audio.",
        (
            r"\bspeech\b",
            r"\baudio\w*\b",
            r"(?-i:\bASR\b)(?= (?:systems?|models?|errors?|outputs?|transcri\w+|hypothes\w+|benchmarks?|tasks?|datasets?))",
            r"\bfor (?-i:ASR)\b|\bspeech recognition\b",
            r"-TTS\b",
            r"\btext-to-speech\b",
            r"\bspoken (?:dialogue|language understanding|conversations?|questions?|content|queries|language models?)\b",
            r"\bspeaker (?:diari[sz]ation|verification|identification|embeddings?|recognition)\b|\bmulti-speaker\b",
            r"\bmusic(?:al|ologically)?\b",
            r"\bacoustic\b",
            r"\bvoices?\b",
            r"\bwaveforms?\b",
        ),
    ),
    TopicRule(
        "medical",
        "Medicine and healthcare",
        "Clinical and biomedical applications, medical imaging and health data.",
        (
            r"\b(?:biomedic|medic)(?:al|ine)\b",
            r"\bclinic(?:al|ians?)\b",
            r"\bhealth ?care\b",
            r"\bhealth\b",
            r"\bpatients?\b",
            r"\b(?:radiolog\w*|patholog(?:y|ists?)|ophthalmolog\w*|oncolog\w*|cardiolog\w*|dermatolog\w*)\b",
            r"\b(?:medical|clinical|disease|patient|differential) diagnos\w*",
            r"\bdiagnos(?:is|ing|e) (?:and treatment|of (?:diseases?|patients?|cancer|mental))\b",
            r"(?-i:\b(?:MRI|CT|EHRs?|ECG|EEG)\b)",
            r"\bMR images?\b",
            r"\bX-rays?\b",
            r"\bdiseases?\b",
            r"\belectronic health records?\b",
        ),
    ),
    TopicRule(
        "time-series",
        "Time series and forecasting",
        "Forecasting, temporal signals, spatio-temporal and sequential sensor data.",
        (
            r"\btime[- ]series\b",
            r"\bforecast(?:s|ing)?\b",
            r"\bspatio-?temporal (?:data|forecasting|graphs?)\b",
            r"\btemporal point process",
        ),
    ),
    TopicRule(
        "robotics",
        "Robotics and embodied AI",
        "Robots, manipulation, locomotion, vision-language-action models, autonomous driving.",
        (
            r"\brobot(?:s|ic|ics)?\b",
            r"\bembodied\b",
            r"\bvision-language-action\b",
            _words("VLAs?"),
            r"\b(?:robotic|dexterous|object|bimanual) manipulation\b",
            r"\blocomotion\b",
            r"\bhumanoids?\b",
            r"\bsim-to-real\b",
            r"\b(?:autonomous |self-)driving\b",
            r"\bgrasping\b",
            r"\b(?:continuous|motor) control\b",
        ),
    ),
    TopicRule(
        "recommender-systems",
        "Recommender systems",
        "Recommendation, ranking for users, click-through prediction and collaborative filtering.",
        (
            r"\brecommender(?: systems?)?s?\b",
            r"\brecommendation (?:systems?|models?|tasks?|datasets?|scenarios?)\b",
            r"\b(?:sequential|personali[sz]ed|news|product|item|music|movie|video|POI) recommendations?\b",
            r"\bcollaborative filtering\b",
            r"\bclick-?through\b",
            _words("CTR"),
            r"\buser-item\b",
        ),
    ),
    TopicRule(
        "3d-vision",
        "3-D vision and point clouds",
        "3-D reconstruction and generation, point clouds, NeRF, Gaussian splatting, meshes.",
        (
            r"\b3-?D\b",
            r"\b3DGS\b",
            r"\bpoint[- ]clouds?\b",
            _words("NeRFs?", "LiDAR", "SLAM"),
            r"\bneural radiance fields?\b",
            r"\bGaussian splat(?:s|ting)?\b",
            r"\bmeshes\b",
            r"\bmulti-view (?:consistent|stereo|geometry|reconstruction|images?)\b",
            r"\bnovel[- ]view synthesis\b",
        ),
    ),
    TopicRule(
        "theory",
        "Learning theory",
        "Papers whose contribution is mathematical: proofs, bounds, guarantees, rates.",
        (
            r"\b(?:we|theoretically|formally|framework and) prove\b",
            r"\b(?:our|main|these) theorems?\b",
            r"\bprovably\b",
            r"\b(?:generali[sz]ation|error|regret|Lipschitz|sample complexity|PAC(?:-Bayes)?) bounds?\b",
            r"\bsample complexity\b",
            r"\btheoretical (?:contributions?|results?|findings|guarantees?)\b",
            r"\btheoretically (?:prove|show|investigate|characteri[sz]e|analy[sz]e)\b",
            r"\bconvergence (?:analysis|guarantees?|proofs?)\b",
            r"\b(?:deep learning|learning|random matrix|approximation|effective) theory\b",
            r"\binformation-theoretic (?:analysis|perspective|techniques?|bounds?|framework)\b",
            r"\bneural tangent kernels?\b",
            r"(?-i:\bminimax\b)",
        ),
    ),
    TopicRule(
        "multimodal",
        "Multimodal and vision-language models",
        "Models over several modalities: vision-language models, multimodal LLMs, image-text and audio-visual.",
        (
            r"\bmulti-?modal(?:ity|ities)?\b",
            r"\bomni-?modal\b",
            r"\bcross-modal(?:ity)?\b",
            r"\bvision[- ](?:and[- ])?language\b",
            r"(?-i:\b(?:VLMs?|LVLMs?|MLLMs?|LMMs?|VQA|CLIP)\b)",
            r"\b(?:image|video)-(?:text|language)\b",
            r"\bvisual question answering\b",
            r"\b(?:image|video) captioning\b",
            r"\baudio-visual\b",
            r"\bany-to-any\b",
            r"\btext-to-(?:image|video)\b",
        ),
    ),
    TopicRule(
        "continual-learning",
        "Continual learning",
        "Learning over time without forgetting: continual, lifelong and incremental learning.",
        (
            r"\bcontinual[- ](?:learning|adaptation|learners?)\b",
            r"\b(?:continually|continuously) (?:learn|learning|adapt|adapting|updated|updating)\b",
            r"\bon-the-job learning\b",
            r"\blifelong\b",
            r"\bcatastrophic(?:ally)? forget",
            r"\b(?:class-|task-)?incremental learning\b",
            r"\bbackward[- ]compatib",
        ),
    ),
    TopicRule(
        "agents",
        "Agents and tool use",
        "LLM agents, tool use, GUI and computer-use agents, web agents and multi-agent systems.",
        (
            r"\bagents?\b",
            r"\bagentic\b",
            r"\bmulti-agent\b",
            r"\btool[- ](?:use|using|calling|invocation|selection|learning|augmented)\b",
            r"\bfunction calling\b",
            _words("GUIs?", "MCP"),
            r"\bcomputer[- ]use\b",
            r"\bweb (?:navigation|browsing|agents?)\b",
        ),
    ),
    TopicRule(
        "reasoning",
        "Reasoning",
        "Mathematical, logical and multi-step reasoning, chain of thought and test-time scaling.",
        (
            r"\b(?:mathematical|math|logical|multi-step|multi-hop|complex|spatial|temporal|visual|multimodal|multi-modal|"
            r"video|abstract|causal|commonsense|deductive|inductive|symbolic|analogical|step-by-step|long|latent|"
            r"agentic|tool-integrated|structured|explicit|physics|scientific|compositional|social|emotional|general|"
            r"deep|slow|diagnostic|medical|clinical|code|table|algorithmic|intermediate|adaptive|efficient|concise|"
            r"interleaved|semantic|embodied|geometric|spatio-temporal|analytical|strategic) reasoning\b",
            r"\breasoning (?:models?|abilit\w+|capabilit\w+|tasks?|benchmarks?|traces?|chains?|steps?|trajector\w+|"
            r"paths?|process(?:es)?|skills?|depth|performance|LLMs?|data|budgets?|length|tokens?|dynamics|"
            r"behaviou?rs?|patterns?|quality|problems?|RL)\b",
            r"\breasoners?\b",
            r"\bthink(?:s|ing)? (?:before|step|like|longer|mode)\b",
            r"\b(?:long|short|slow|fast)[- ]thinking\b|\bthinking (?:chains?|tokens?|process|mode)\b",
            r"\bchains? of thoughts?\b",
            r"\bchain-of-thought\b",
            _words("CoT"),
            r"\bmath(?:ematical)? (?:problems?|reasoning|word problems?|benchmarks?)\b",
            r"\btheorem proving\b",
            r"\btest-time (?:scaling|compute|search)\b",
        ),
    ),
    TopicRule(
        "video",
        "Video",
        "Video understanding and generation, action recognition and temporal grounding.",
        (
            r"\bvideos?\b",
            r"\bVideo\w+",
            r"\b(?:action|activity) recognition\b",
            r"\btemporal grounding\b",
            r"\bframe (?:interpolation|inbetweening)\b",
        ),
    ),
    TopicRule(
        "code",
        "Code and software engineering",
        "Code generation, program synthesis, software engineering agents and debugging.",
        (
            r"\bcode (?:generation|LLMs?|models?|language models?|completion|repair|review|reasoning|agents?|"
            r"synthesis|retrieval|editing|execution)\b",
            r"\b(?:agentic|vibe|web) coding\b",
            r"\bcoding (?:agents?|tasks?|benchmarks?|assistants?|abilit\w+|capabilit\w+|problems?|models?|challenges?)\b",
            r"\bcompetitive (?:coding|programming)\b",
            "".join(f"(?<!{w} )" for w in ("semidefinite", "linear", "dynamic", "quadratic", "integer", "convex",
                                            "mathematical", "genetic", "probabilistic", "stochastic"))
            + r"\bprogramm(?:ing|ers?)\b",
            r"\bprogram synthesis\b",
            r"\bsoftware (?:engineering|development|agents?)\b",
            r"\brepository-level\b",
            r"\bdebugg(?:ing|er)\b",
            r"\bcompilers?\b",
            r"\bGPU kernels?\b",
            r"\bSWE-",
        ),
    ),
    TopicRule(
        "safety-alignment",
        "Safety, alignment and trust",
        "Alignment with human preferences, jailbreaks and attacks, privacy, watermarking, hallucination.",
        (
            r"\b(?:human|value|preference|safety|AI|social|economic|ethical) alignment\b",
            r"\balign(?:ing|ed|s|ment)? (?:\S+ ){0,3}?(?:with|to) human (?:preferences?|values|intent\w*|feedback)\b",
            r"\baligning (?:large )?language models\b",
            _words("RLHF", "DPO"),
            r"\bpreference (?:optimi[sz]ation|data|learning)\b",
            r"\bjailbreak\w*",
            r"\bred[- ]teaming\b",
            r"\bharmful (?:content|outputs?|requests?|prompts?|behaviou?rs?|responses?|queries|instructions|intents?)\b",
            r"\bharmfulness\b",
            r"\bsafety\b",
            r"\badversarial (?:attacks?|examples?|robustness)\b",
            r"\btoxic(?:ity)?\b",
            r"\bprivacy\b",
            r"\bunlearning\b",
            r"\bwatermark\w*",
            r"\bhallucinat\w+",
            r"\bmalicious\b",
            r"\bdeepfakes?\b|\bAI-generated images?\b",
        ),
    ),
    TopicRule(
        "retrieval",
        "Retrieval and RAG",
        "Retrieval-augmented generation, dense retrieval, search and ranking of documents.",
        (
            r"\bretrieval-augment\w*",
            r"\bretrievers?\b",
            r"\b(?:dense|sparse|text|document|passage|image|video|code|cross-modal|composed image|multimodal|neural|"
            r"semantic|knowledge|web|evidence) retrieval\b",
            r"\bretrieval (?:models?|systems?|benchmarks?|tasks?|augmentation|corpus|corpora|mechanisms?|pipelines?|memory)\b",
            r"\bretriev(?:e|es|ed|ing) (?:relevant|external|documents?|passages?|evidence)\b",
            _words("RAG"),
            r"\binformation retrieval\b",
            r"\bre-?rank(?:ing|ers?)?\b",
            r"\b(?:deep|web|agentic) search\b",
            r"\bsearch engines?\b",
            r"\bneural ranking\b",
        ),
    ),
    TopicRule(
        "benchmarks",
        "Benchmarks and evaluation",
        "Papers that introduce a benchmark, evaluation suite or evaluation method.",
        (
            r"\bbenchmarking\b",
            r"\b(?:introduc|present|propos|construct|build|releas|curat|develop|establish)(?:e|es|s|ing)? "
            r"(?:[^\s.;]+ ){0,8}?(?:benchmark|testbed|evaluation suite)s?\b",
            r"\b(?:novel|comprehensive|challenging|large-scale|unified|systematic|diagnostic|holistic|first|"
            r"dedicated|rigorous|realistic|hierarchical|controlled) (?:\S+ ){0,3}?benchmark\b",
            r"\bbenchmark (?:designed|suite|comprising|consisting|containing|covering|spanning|featuring|built)\b",
            r"\bevaluation (?:framework|suite|benchmark|toolkit)s?\b",
            r"\bLLM-as-a-judge\b",
        ),
    ),
    TopicRule(
        "self-supervised",
        "Self-supervised and representation learning",
        "Self-supervised, contrastive and unsupervised pre-training, embeddings and learned representations.",
        (
            r"\bself-supervis(?:ed|ion)\b",
            r"\bcontrastive (?:learning|pre-?training|loss|objective)\b",
            r"\brepresentation(?:al)? (?:learning|alignment)\b",
            r"\bmasked (?:image modell?ing|auto-?encoders?)\b",
            r"\bunsupervised (?:pre-?training|learning|representation)\b",
            r"\b(?:text|sentence|vector|document|universal|general-purpose) embeddings?\b",
            r"\bembedding (?:models?|tasks?|benchmarks?)\b",
            r"\bsemi-supervised\b",
        ),
    ),
    TopicRule(
        "interpretability",
        "Interpretability",
        "Understanding what models compute: probing, neurons and circuits, steering, attributions.",
        (
            r"\binterpretability\b",
            r"\binterpretable (?:features?|representations?|concepts?|directions?|latents?)\b",
            r"\binterpret(?:s|ing|ation of)? (?:the )?(?:\S+ ){0,2}?"
            r"(?:internal|hidden|weight|latent|models?|LLMs?|networks?|representations?)\b",
            r"\bexplainab(?:le|ility)\b",
            r"\bmechanistic\b",
            r"\bprob(?:e|es|ing) (?:trajector\w+|classifiers?)\b|\blinear probes?\b|\bprobing\b",
            r"\bneurons?\b",
            r"\bcircuits?\b(?! diagrams)",
            r"\b(?:activation|representation|LLM|model|behaviou?r) steering\b",
            r"\bsteering (?:vectors?|directions?|targets?)\b|\bsteerability\b",
            r"\bsparse auto-?encoders?\b",
            r"\b(?:massive|maximum) activations\b",
            r"\bweight space\b",
        ),
    ),
    TopicRule(
        "multilingual",
        "Multilingual and cross-lingual NLP",
        "Languages beyond English, translation and cross-lingual transfer.",
        (
            r"\bmulti-?lingual\b",
            r"\bcross-lingual\b",
            r"\b(?:machine|speech|neural|cross-lingual|multilingual|speech-to-speech) translation\b",
            r"\btranslat\w+ (?:between|into|from|across) (?:\S+ ){0,2}?languages\b",
            r"\blow-resource languages?\b",
            r"\b(?:English|Chinese|Polish|Arabic|Japanese|Korean|Hindi|Indic|African)-(?:centric|language)\b",
        ),
    ),
    TopicRule(
        "science",
        "AI for science",
        "Chemistry, materials, biology, physics and automated scientific research.",
        (
            r"\bmolecul(?:e|es|ar)\b",
            r"\bproteins?\b",
            r"\bchemi(?:cal|stry)\b",
            r"\bmaterials? (?:science|discovery|dataset)\b|\binorganic\b",
            # physics as a science, not "intuitive physics" or "physics priors" of a generator
            r"(?<!intuitive )\bphysics\b"
            r"(?! (?:engines?|priors?|plausib\w*|consisten\w*)|-(?:guided|aware|based|grounded|consistent|informed priors))",
            r"\bgenom\w+|\bsingle-cell\b|\bgene\b",
            r"\b(?:scientific (?:discovery|discoveries|experiments?|hypothes[ie]s)|natural sciences?)\b",
            r"\bAI scientists?\b",
            r"\b(?:partial|stiff|ordinary) differential equations?\b",
            _words("PDEs?", "PINNs?"),
            r"(?-i:\bSMILES\b)",
            r"\b(?:neuroscience|brain decoding|hippocampal)\b",
            r"\b(?:astronom|spectroscop|microscop)\w*",
        ),
    ),
    TopicRule(
        "distributed-learning",
        "Distributed, parallel and federated learning",
        "Federated learning, distributed and parallel training or inference, edge-cloud collaboration.",
        (
            r"\bfederated\b",
            r"\bdecentrali[sz]ed (?:training|learning)\b",
            r"\bdistributed (?:training|learning|inference)\b",
            r"\bedge-cloud\b",
            r"\b(?:data|model|pipeline|tensor|sequence) parallelism\b",
        ),
    ),
)


def _cifar(n: str) -> str:
    # "CIFAR-10", "CIFAR10", "CIFAR 10"; "CIFAR-10/100" and "CIFAR-100/10" name both.
    other = "100" if n == "10" else "10"
    return rf"\bCIFAR[- ]?{n}\b|\bCIFAR[- ]?{other}\s?/\s?{n}\b"


DATASETS: tuple[DatasetRule, ...] = (
    DatasetRule("imagenet", "ImageNet", (r"(?-i:\bImage[Nn]et)(?:[- ]?(?:1k|21k|22k|v2|\d+))?\b",)),
    DatasetRule("cifar-10", "CIFAR-10", (_cifar("10"),)),
    DatasetRule("cifar-100", "CIFAR-100", (_cifar("100"),)),
    DatasetRule("mnist", "MNIST", (r"(?<![-\w])MNIST\b",)),
    DatasetRule("fashion-mnist", "Fashion-MNIST", (r"\bFashion[- ]?MNIST\b",)),
    DatasetRule("svhn", "SVHN", (r"(?-i:\bSVHN\b)",)),
    DatasetRule("coco", "COCO", (r"(?-i:\bCOCO\b)", r"\bMSCOCO\b")),
    DatasetRule("pascal-voc", "Pascal VOC", (r"\bPASCAL[- ]VOC\b",
                                           r"(?-i:\bVOC)(?: ?20(?:07|12))?\b"
                                           r"(?= (?:image |semantic )?(?:segmentation|detection|dataset|benchmark))",
                                           r"(?-i:\bVOC ?20(?:07|12)\b)")),
    DatasetRule("ade20k", "ADE20K", (r"\bADE-?20K\b",)),
    DatasetRule("cityscapes", "Cityscapes", (r"\bCityscapes\b",)),
    DatasetRule("kitti", "KITTI", (r"(?-i:\bKITTI\b)",)),
    DatasetRule("nuscenes", "nuScenes", (r"\bnuScenes\b",)),
    DatasetRule("scannet", "ScanNet", (r"\bScanNet(?:V2|\+\+)?(?!\w)",)),
    DatasetRule("shapenet", "ShapeNet", (r"\bShapeNet\w*",)),
    DatasetRule("objaverse", "Objaverse", (r"\bObjaverse(?:-XL)?\b",)),
    DatasetRule("kinetics", "Kinetics", (r"(?-i:\bKinetics)[- ]?(?:400|600|700)\b",
                                         r"(?-i:\bKinetics\b)(?= (?:dataset|benchmark))")),
    DatasetRule("ucf101", "UCF101", (r"\bUCF-?101\b",)),
    DatasetRule("msr-vtt", "MSR-VTT", (r"\bMSR-?VTT\b",)),
    DatasetRule("laion", "LAION", (r"(?-i:\bLAION)(?:-\w+)?\b",)),
    DatasetRule("jft", "JFT", (r"(?-i:\bJFT)(?:-\d+M)?\b",)),
    DatasetRule("common-crawl", "Common Crawl", (r"\bCommon ?Crawl\b",)),
    DatasetRule("the-pile", "The Pile", (r"(?-i:\bThe Pile\b)", r"(?-i:\bPile)(?: dataset| corpus)")),
    DatasetRule("c4", "C4", (r"(?-i:(?<![-\w])C4)(?![-\w])(?! (?:carbon|plant))",)),
    DatasetRule("wikitext", "WikiText", (r"\bWikiText(?:-?(?:2|103))?\b",)),
    DatasetRule("penn-treebank", "Penn Treebank", (r"\bPenn Tree-?bank\b", r"(?-i:\bPTB\b)")),
    DatasetRule("glue", "GLUE", (r"(?-i:(?<![-\w])GLUE\b)",)),
    DatasetRule("superglue", "SuperGLUE", (r"\bSuperGLUE\b",)),
    DatasetRule("squad", "SQuAD", (r"(?-i:\bSQuAD)(?: ?v?[12](?:\.\d)?)?\b",)),
    DatasetRule("mmlu", "MMLU", (r"(?-i:\bMMLU)(?:-Pro|-Redux)?\b", r"\bm-MMLU\b")),
    DatasetRule("gsm8k", "GSM8K", (r"\bGSM-?8K\b",)),
    DatasetRule("math", "MATH", (
        r"(?-i:\bMATH)[- ]?500\b",
        r"(?-i:\bMATH\b)(?= (?:dataset|benchmark)|\))",
        r"(?-i:\bMATH\b)(?=,? (?:and |or )?(?:GSM-?8K|AIME|AMC|GPQA|Minerva|MMLU|OlympiadBench))",
        r"(?-i:(?:GSM-?8K|AIME\d*|AMC\d*|GPQA|e\.g\.),? (?:and |or )?MATH\b)(?!-)",
        r"(?-i:\b(?:on|lifts) MATH\b)(?![- ]?\w)",
    )),
    DatasetRule("aime", "AIME", (r"(?-i:\bAIME)(?:[- ']?(?:20)?2\d(?:/2\d)?)?(?!\w)",)),
    DatasetRule("amc", "AMC", (r"(?-i:\bAMC ?(?:20)?2\d\b)",)),
    DatasetRule("gpqa", "GPQA", (r"\bGPQA(?:-Diamond)?\b",)),
    DatasetRule("humaneval", "HumanEval", (r"\bHumanEval\b\+?",)),
    DatasetRule("mbpp", "MBPP", (r"\bMBPP\b\+?",)),
    DatasetRule("livecodebench", "LiveCodeBench", (r"\bLiveCodeBench(?:-v\d)?\b",)),
    DatasetRule("swe-bench", "SWE-bench", (r"\bSWE-?bench(?: Verified| Lite|-Verified)?\b",)),
    # ARC only as a benchmark name: ARC-AGI, ARC-Challenge, "ARC benchmark", or in a list "(GLUE, ARC, GSM8K)"
    DatasetRule("arc", "ARC", (r"(?-i:\bARC)(?:-(?:AGI(?:-\d)?|Challenge|Easy|c|e)\b"
                               r"|(?= (?:benchmark|challenge|dataset|tasks?|problems?)\b)|(?=\)|,))",)),
    DatasetRule("hellaswag", "HellaSwag", (r"\bHellaSwag\b",)),
    DatasetRule("truthfulqa", "TruthfulQA", (r"\bTruthfulQA\b",)),
    DatasetRule("big-bench", "BIG-Bench", (r"\bBIG-?Bench(?: Hard)?\b", r"(?-i:\bBBH\b)")),
    DatasetRule("mt-bench", "MT-Bench", (r"\bMT-?Bench\b",)),
    DatasetRule("alpacaeval", "AlpacaEval", (r"\bAlpacaEval(?: ?2(?:\.0)?)?\b",)),
    DatasetRule("chatbot-arena", "Chatbot Arena", (r"\bChatbot Arena\b", r"\bArena-?Hard\b", r"\bLMSYS\b")),
    DatasetRule("ifeval", "IFEval", (r"\bIFEval\b",)),
    DatasetRule("mmmu", "MMMU", (r"\bMMMU(?:-Pro)?\b",)),
    DatasetRule("vqav2", "VQAv2", (r"\bVQA ?-?v2(?:\.0)?\b",)),
    DatasetRule("gqa", "GQA", (
        r"(?-i:\bGQA\b)(?= (?:dataset|benchmark))",
        r"(?-i:\b(?:VQA ?-?v2|TextVQA|VizWiz|ScienceQA|POPE),? (?:and )?GQA\b)",
        r"(?-i:\bGQA,? (?:and )?(?:VQA ?-?v2|TextVQA|VizWiz|ScienceQA|POPE)\b)",
    )),
    DatasetRule("chartqa", "ChartQA", (r"\bChartQA\b",)),
    DatasetRule("mme", "MME", (r"(?-i:(?<![-\w])MME(?![-\w]))",)),
    DatasetRule("video-mme", "Video-MME", (r"\bVideo-?MME\b",)),
    DatasetRule("vbench", "VBench", (r"\bVBench(?:\+\+|-2\.0)?",)),
    DatasetRule("geneval", "GenEval", (r"\bGenEval\b",)),
    DatasetRule("dpg-bench", "DPG-Bench", (r"(?-i:\bDPG)(?:-Bench\b|(?= ?\(|,| benchmark))",)),
    DatasetRule("osworld", "OSWorld", (r"\bOSWorld(?:-Verified)?\b",)),
    DatasetRule("webarena", "WebArena", (r"\bWebArena\b", r"\bVisualWebArena\b")),
    DatasetRule("browsecomp", "BrowseComp", (r"\bBrowseComp(?:-\w+)?\b",)),
    DatasetRule("longbench", "LongBench", (r"\bLongBench(?:[- ]?v2)?\b",)),
    DatasetRule("ruler", "RULER", (r"(?-i:\bRULER\b)",)),
    DatasetRule("librispeech", "LibriSpeech", (r"\bLibriSpeech\b",)),
    DatasetRule("audiocaps", "AudioCaps", (r"\bAudioCaps\b",)),
    DatasetRule("mimic", "MIMIC", (r"(?-i:\bMIMIC)-(?:III|IV|CXR|ED)\w*",)),
    DatasetRule("medqa", "MedQA", (r"\bMedQA\b",)),
    DatasetRule("hotpotqa", "HotpotQA", (r"\bHotpotQA\b",)),
    DatasetRule("ms-marco", "MS MARCO", (r"\bMS ?MARCO\b",)),
    DatasetRule("beir", "BEIR", (r"(?-i:\bBEIR\b)",)),
)


_TOPIC_SET = RuleSet((rule.slug, rule.patterns) for rule in TOPICS)
_DATASET_SET = RuleSet((rule.slug, rule.patterns) for rule in DATASETS)
_BOTH_SET = RuleSet((rule.slug, rule.patterns) for rule in (*TOPICS, *DATASETS))


def topics_for(title: str, abstract: str) -> list[str]:
    """Slugs of the topics the paper matches, in TOPICS order."""
    return _TOPIC_SET.match_paper(title, abstract)


def datasets_for(title: str, abstract: str) -> list[str]:
    """Slugs of the datasets the paper mentions, in DATASETS order."""
    return _DATASET_SET.match_paper(title, abstract)


def label_paper(title: str, abstract: str) -> tuple[list[str], list[str]]:
    """(topics_for, datasets_for) of a paper in one pass over its text."""
    found = _BOTH_SET.match_indices(paper_text(title, abstract))
    n = len(TOPICS)
    return [TOPICS[i].slug for i in found if i < n], [DATASETS[i - n].slug for i in found if i >= n]


def rule_by_slug(rules: Sequence[TopicRule] | Sequence[DatasetRule], slug: str) -> TopicRule | DatasetRule:
    for rule in rules:
        if rule.slug == slug:
            return rule
    raise KeyError(slug)
