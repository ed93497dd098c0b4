"""GO evidence codes and the groups the GO Consortium sorts them into
(https://geneontology.org/docs/guide-go-evidence-codes/)."""

from __future__ import annotations

import enum
from collections.abc import Iterable


class EvidenceGroup(enum.Enum):
    EXPERIMENTAL = "experimental"
    PHYLOGENETIC = "phylogenetic"
    COMPUTATIONAL = "computational"
    AUTHOR_STATEMENT = "author_statement"
    CURATOR_STATEMENT = "curator_statement"
    ELECTRONIC = "electronic"


CODES_BY_GROUP: dict[EvidenceGroup, frozenset[str]] = {
    # Includes the high-throughput codes (HTP, HDA, HMP, HGI, HEP).
    EvidenceGroup.EXPERIMENTAL: frozenset(
        {"EXP", "IDA", "IPI", "IMP", "IGI", "IEP", "HTP", "HDA", "HMP", "HGI", "HEP"}
    ),
    EvidenceGroup.PHYLOGENETIC: frozenset({"IBA", "IBD", "IKR", "IRD"}),
    EvidenceGroup.COMPUTATIONAL: frozenset({"ISS", "ISO", "ISA", "ISM", "IGC", "RCA"}),
    EvidenceGroup.AUTHOR_STATEMENT: frozenset({"TAS", "NAS"}),
    EvidenceGroup.CURATOR_STATEMENT: frozenset({"IC", "ND"}),
    EvidenceGroup.ELECTRONIC: frozenset({"IEA"}),
}

GROUP_OF_CODE: dict[str, EvidenceGroup] = {
    code: group for group, codes in CODES_BY_GROUP.items() for code in codes
}


def wanted_codes(
    codes: Iterable[str] | None, groups: Iterable[EvidenceGroup] | None
) -> frozenset[str] | None:
    """The evidence codes a filter accepts: the union of the codes and groups asked for;
    None (accept any, including none) when neither is given."""
    if codes is None and groups is None:
        return None
    wanted = set(codes or ())
    for group in groups or ():
        wanted |= CODES_BY_GROUP[group]
    return frozenset(wanted)
