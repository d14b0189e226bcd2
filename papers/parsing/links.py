"""Links found in paper text: the code repository and the arXiv id."""

from __future__ import annotations

import re
from urllib.parse import unquote

# Hosts whose first two path segments name a repository.
CODE_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org")

_SEGMENT = r"[A-Za-z0-9_.\-]+"
_CODE_URL = re.compile(
    r"(?<![\w.\-/@])"  # not the tail of another host name or path (e.g. xyz.github.io)
    r"(?:https?://)?(?:www\.)?"
    r"(?P<host>github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)"
    rf"/(?P<owner>{_SEGMENT})/(?P<repo>{_SEGMENT})",
    re.IGNORECASE,
)
# Paths under the host that are site pages, not an owner's repository.
_NOT_OWNERS = {"orgs", "features", "sponsors", "topics", "marketplace", "about", "login", "settings", "explore"}

ARXIV_ID = re.compile(r"(?P<id>\d{4}\.\d{4,5})(?:v\d+)?")
_PAPER_PAGE = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf))/"
    r"|arxiv\s*:\s*|\[)?"  # or "arXiv:2406.09414", "[2406.09414]", the id alone
    r"(?P<id>\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?(?:[/?#]\S*|\])?$",
    re.IGNORECASE,
)


def find_code_url(text: str) -> str | None:
    """The first repository link in text, as https://host/owner/repo (or None)."""
    if ".com/" not in text and ".org/" not in text and ".COM/" not in text and ".ORG/" not in text:
        return None  # most abstracts name no code host at all: four scans, not a regex
    lower = text.lower()
    found = [at for at in (lower.find(f"{host}/") for host in CODE_HOSTS) if at >= 0]
    if not found:
        return None
    # "https://www." is the most that can stand before the host name.
    for match in _CODE_URL.finditer(text, max(0, min(found) - len("https://www."))):
        url = normalize_code_url(match)
        if url:
            return url
    return None


def normalize_code_url(match: re.Match[str]) -> str | None:
    owner = match["owner"]
    repo = match["repo"].rstrip(".-_")
    if repo.lower().endswith(".git"):
        repo = repo[:-4]
    if not repo or owner.lower() in _NOT_OWNERS or owner in (".", ".."):
        return None
    return f"https://{match['host'].lower()}/{owner}/{repo}"


def clean_code_url(url: str | None) -> str | None:
    """Normalise a repository URL given as a field (the API's githubRepo)."""
    if not url:
        return None
    return find_code_url(url.strip())


def paper_page_arxiv_id(line: str) -> str | None:
    """The arXiv id of a line that is only a paper's page URL (Hugging Face or arXiv) or its id."""
    match = _PAPER_PAGE.match(line.strip())
    return match["id"] if match else None


# A paper's page wherever a link names it: Hugging Face's paper page, arXiv's abstract
# or PDF, or a log-in link that returns to the paper page (login?next=%2Fpapers%2F<id>).
_LINKED_PAPER = re.compile(
    # also relative to the site, as saved pages and converters without a base address write it
    r"(?:huggingface\.co/papers/|^/papers/|arxiv\.org/(?:abs|pdf)/|[?&]next=/papers/)(?P<id>\d{4}\.\d{4,5})(?!\d)",
    re.IGNORECASE,
)


def linked_arxiv_id(urls: tuple[str, ...] | list[str]) -> str | None:
    """The arXiv id of the first paper page among link addresses."""
    for url in urls:
        if "%" in url:
            url = unquote(url)
        match = _LINKED_PAPER.search(url)
        if match:
            return match["id"]
    return None


def code_repository(url: str) -> str | None:
    """The repository a link address points to (https://github.com/o/r), or None."""
    match = _CODE_URL.match(url.strip())
    return normalize_code_url(match) if match else None


def clean_arxiv_id(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = ARXIV_ID.fullmatch(value.strip())
    return match["id"] if match else None


def code_host(url: str | None) -> str:
    """The host of a repository URL as find_code_url writes it ("github.com"), else ""."""
    if not url or "://" not in url:
        return ""
    return url.split("://", 1)[1].split("/", 1)[0].lower()
