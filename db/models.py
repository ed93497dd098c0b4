"""SQLAlchemy 2.0 models: the tables genegraph stores and serves.

Every index here backs an access path a resolver or a loader uses; the
comment on each says which one.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class GOCategory(enum.Enum):
    """The three GO namespaces; values are the OBO namespace names."""

    BIOLOGICAL_PROCESS = "biological_process"
    CELLULAR_COMPONENT = "cellular_component"
    MOLECULAR_FUNCTION = "molecular_function"


go_category_type = Enum(
    GOCategory,
    name="go_category",
    values_callable=lambda members: [m.value for m in members],
    native_enum=False,
    length=32,
    validate_strings=True,
)


class Species(Base):
    __tablename__ = "species"

    taxon_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    scientific_name: Mapped[str] = mapped_column(String(200), unique=True)
    common_name: Mapped[str | None] = mapped_column(String(200))


class Gene(Base):
    __tablename__ = "genes"
    __table_args__ = (
        # gene(symbol:, taxon:) looks up by the case-folded symbol within a taxon; term ->
        # genes walks a species' genes in (symbol, pk) order from this index alone.
        Index("ix_genes_taxon_id_symbol_key_pk", "taxon_id", "symbol_key", "pk"),
        # Search by symbol prefix, in every species at once.
        Index(
            "ix_genes_symbol_key_prefix",
            "symbol_key",
            postgresql_ops={"symbol_key": "text_pattern_ops"},
        ),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    # NCBI GeneID; null for a gene known only from a gene page.
    gene_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    taxon_id: Mapped[int] = mapped_column(ForeignKey("species.taxon_id"))
    symbol: Mapped[str] = mapped_column(String(100))
    # Upper-cased symbol, so "il2" finds IL2 without a function index.
    symbol_key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    # Where the summary comes from, e.g. "provided by RefSeq, Jul 2008".
    summary_provenance: Mapped[str | None] = mapped_column(String(200))
    gene_type: Mapped[str | None] = mapped_column(String(50))
    chromosome: Mapped[str | None] = mapped_column(String(50))
    map_location: Mapped[str | None] = mapped_column(String(100))


class GeneAlias(Base):
    __tablename__ = "gene_aliases"

    gene_pk: Mapped[int] = mapped_column(
        ForeignKey("genes.pk", ondelete="CASCADE"), primary_key=True
    )
    alias: Mapped[str] = mapped_column(String(200), primary_key=True)
    # The alias upper-cased: look-up and search by alias ignore case, as by symbol.
    alias_key: Mapped[str] = mapped_column(String(200))
    # No index by the alias as written: nothing reads by it (migration 0012).
    __table_args__ = (
        # Exact and prefix matches (LIKE 'TCG%' on PostgreSQL in any collation, GLOB on SQLite).
        Index(
            "ix_gene_aliases_alias_key",
            "alias_key",
            postgresql_ops={"alias_key": "text_pattern_ops"},
        ),
    )


class GeneXref(Base):
    """A link to an external resource: "Ensembl:ENSG00000109471", "MIM:147680"."""

    __tablename__ = "gene_xrefs"

    gene_pk: Mapped[int] = mapped_column(
        ForeignKey("genes.pk", ondelete="CASCADE"), primary_key=True
    )
    database: Mapped[str] = mapped_column(String(50), primary_key=True)
    identifier: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Empty when the URL is derived from the database name.
    url: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_gene_xrefs_database_identifier", "database", "identifier"),)


class GeneChange(Base):
    """A line of a gene page's "Changes associated with this gene" section."""

    __tablename__ = "gene_changes"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    gene_pk: Mapped[int] = mapped_column(ForeignKey("genes.pk", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(50))


class GOTerm(Base):
    __tablename__ = "go_terms"

    go_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[GOCategory] = mapped_column(go_category_type)
    definition: Mapped[str | None] = mapped_column(Text)
    is_obsolete: Mapped[bool] = mapped_column(Boolean, default=False)
    replaced_by: Mapped[str | None] = mapped_column(String(20))
    # Terms the ontology suggests instead of an obsolete one, space-separated.
    consider: Mapped[str] = mapped_column(Text, default="")


class GOTermAltId(Base):
    """A secondary id (a merged term) that resolves to its primary term."""

    __tablename__ = "go_term_alt_ids"

    alt_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    go_id: Mapped[str] = mapped_column(ForeignKey("go_terms.go_id", ondelete="CASCADE"), index=True)


class GOTermSynonym(Base):
    __tablename__ = "go_term_synonyms"

    go_id: Mapped[str] = mapped_column(
        ForeignKey("go_terms.go_id", ondelete="CASCADE"), primary_key=True
    )
    synonym: Mapped[str] = mapped_column(Text, primary_key=True)
    scope: Mapped[str] = mapped_column(String(10), primary_key=True)


class GOTermRelation(Base):
    """An edge of the ontology: child --relation--> parent (is_a, part_of, regulates...)."""

    __tablename__ = "go_term_relations"

    child_id: Mapped[str] = mapped_column(
        ForeignKey("go_terms.go_id", ondelete="CASCADE"), primary_key=True
    )
    relation: Mapped[str] = mapped_column(String(40), primary_key=True)
    parent_id: Mapped[str] = mapped_column(
        ForeignKey("go_terms.go_id", ondelete="CASCADE"), primary_key=True
    )
    # Children of a term are found from the parent side.
    __table_args__ = (Index("ix_go_term_relations_parent_id", "parent_id"),)


class GOSubset(Base):
    """An OBO ``subsetdef`` of the loaded ontology (a GO slim such as ``goslim_generic``),
    which ``Gene.slimTerms`` and ``slimSummary`` accept by name."""

    __tablename__ = "go_subsets"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    description: Mapped[str] = mapped_column(Text)


class GOTermSubset(Base):
    """A term's ``subset:`` clause: the term belongs to the subset. The primary key
    (subset, term) serves "the terms of a subset"."""

    __tablename__ = "go_term_subsets"

    subset: Mapped[str] = mapped_column(
        ForeignKey("go_subsets.name", ondelete="CASCADE"), primary_key=True
    )
    go_id: Mapped[str] = mapped_column(
        ForeignKey("go_terms.go_id", ondelete="CASCADE"), primary_key=True
    )


class GOTermClosure(Base):
    """Every (term, ancestor) pair of the ontology's transitive closure, the term itself
    included, so "a term or any of its descendants" is one indexed look-up.

    Pairs reachable over is_a and part_of alone have ``via_regulates`` false; pairs
    reachable only when regulates, positively_regulates and negatively_regulates edges
    are followed too have it true.
    """

    __tablename__ = "go_term_closure"

    # No foreign keys: the table is derived, rebuilt whole from the terms at each ontology
    # load, and per-row key checks tripled its load time on PostgreSQL (22.8 s vs 7.5 s
    # for the kit's 796k pairs).
    go_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    ancestor_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    via_regulates: Mapped[bool] = mapped_column(Boolean)
    # Descendants of a term: all go_id for one ancestor_id.
    # SQLite: rows in the key's B-tree alone (migration 0011).
    __table_args__ = (
        Index("ix_go_term_closure_ancestor_id", "ancestor_id", "via_regulates"),
        {"sqlite_with_rowid": False},
    )


class GOAnnotation(Base):
    """Gene x GO term, as one source states it."""

    __tablename__ = "go_annotations"
    __table_args__ = (
        # Gene.goTerms / Gene.annotations: all annotations of a batch of genes.
        Index("ix_go_annotations_gene_pk", "gene_pk"),
        # Term -> genes (issue 4).
        Index("ix_go_annotations_go_id", "go_id"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No foreign keys on gene_pk and go_id: their per-row checks tripled the COPY of the
    # kit's 348k annotations on PostgreSQL (4.8 s vs 1.5 s). Every load checks instead,
    # before it commits, that each annotation's gene and term are stored, and fails
    # otherwise (db/ingest/store/integrity.py). Nothing deletes genes; whatever does one day
    # must delete their annotations too.
    gene_pk: Mapped[int] = mapped_column(Integer)
    # The primary term the source's id resolves to ...
    go_id: Mapped[str] = mapped_column(String(20))
    # ... and the id exactly as the source wrote it (may be an alt_id).
    source_go_id: Mapped[str] = mapped_column(String(20))
    # Empty string rather than NULL: NULLs never collide in a unique constraint.
    evidence: Mapped[str] = mapped_column(String(10), default="")
    qualifier: Mapped[str] = mapped_column(String(50), default="")
    # "|"-separated, as NCBI and GAF files write them: "PMID:2827345|PMID:3125226".
    references: Mapped[str] = mapped_column(Text, default="")
    with_from: Mapped[str] = mapped_column(Text, default="")
    assigned_by: Mapped[str] = mapped_column(String(50), default="")
    # YYYYMMDD as GAF writes it; empty when the source gives none.
    annotated_on: Mapped[str] = mapped_column(String(8), default="")
    source: Mapped[str] = mapped_column(String(50))


class Orthology(Base):
    """One direction of an orthology pair; both directions are stored, so
    "orthologs of X" is one indexed look-up from either side."""

    __tablename__ = "orthologs"

    gene_pk: Mapped[int] = mapped_column(
        ForeignKey("genes.pk", ondelete="CASCADE"), primary_key=True
    )
    ortholog_pk: Mapped[int] = mapped_column(
        ForeignKey("genes.pk", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[str] = mapped_column(String(50), primary_key=True)


class HomologeneMember(Base):
    """A gene's membership of a HomoloGene group; the genes of one group are orthologs."""

    __tablename__ = "homologene_members"

    hid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    gene_pk: Mapped[int] = mapped_column(
        ForeignKey("genes.pk", ondelete="CASCADE"), primary_key=True
    )
    __table_args__ = (Index("ix_homologene_members_gene_pk", "gene_pk"),)


class GeneHistory(Base):
    """A discontinued NCBI GeneID and the gene that replaced it, if any (NCBI gene_history)."""

    __tablename__ = "gene_history"

    discontinued_gene_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False
    )
    taxon_id: Mapped[int] = mapped_column(ForeignKey("species.taxon_id"))
    discontinued_symbol: Mapped[str] = mapped_column(String(100))
    # Null when the GeneID was withdrawn without a replacement.
    gene_pk: Mapped[int | None] = mapped_column(
        ForeignKey("genes.pk", ondelete="CASCADE"), index=True
    )
    discontinued_on: Mapped[str] = mapped_column(String(8))


class Release(Base):
    """One completed load: what was read and what it wrote."""

    __tablename__ = "releases"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    load_seconds: Mapped[float] = mapped_column(Float)
    # [{"path": ..., "format": ..., "sha256": ..., "rows": {...}, "skipped": {...}}]
    sources: Mapped[list[dict[str, object]]] = mapped_column(JSON)


class AnnotationChangeKind(enum.Enum):
    ADDED = "added"
    REMOVED = "removed"


class AnnotationChange(Base):
    """An annotation a release added or removed: recorded when a load replaces what a source
    said about a species (or, for a gene page, a gene) and that source had said something
    before. Keyed as the annotations are compared: gene, term, evidence, qualifier, source."""

    __tablename__ = "annotation_changes"
    __table_args__ = (
        # Gene.history: a batch of genes' changes, newest release first.
        Index("ix_annotation_changes_gene_pk_release_pk", "gene_pk", "release_pk"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_pk: Mapped[int] = mapped_column(ForeignKey("releases.pk", ondelete="CASCADE"))
    gene_pk: Mapped[int] = mapped_column(ForeignKey("genes.pk", ondelete="CASCADE"))
    # No foreign key: a term a page created may later merge into another and go; the
    # resolvers follow its alt_id to the primary term.
    go_id: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(String(10))
    qualifier: Mapped[str] = mapped_column(String(50))
    source: Mapped[str] = mapped_column(String(50))
    kind: Mapped[AnnotationChangeKind] = mapped_column(
        Enum(
            AnnotationChangeKind,
            name="annotation_change_kind",
            values_callable=lambda members: [m.value for m in members],
            native_enum=False,
            length=10,
            validate_strings=True,
        )
    )


class BackgroundTermCount(Base):
    """For each species and GO term: how many of its genes are annotated to the term or a
    descendant over is_a and part_of (positive annotations, every evidence code, live
    terms), each gene once. Enrichment's default background, derived from the annotations
    and the closure by each load (db/background_counts.py) in the load's
    transaction."""

    __tablename__ = "background_term_counts"

    # No foreign keys: derived, rebuilt whole at each load, as the closure is.
    taxon_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    go_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    category: Mapped[GOCategory] = mapped_column(go_category_type)
    gene_count: Mapped[int] = mapped_column(Integer)


class BackgroundSize(Base):
    """For each species: how many of its genes count in a background of every annotated
    gene, in all GO aspects and in each (those with at least one term of it among their
    propagated terms, as in ``BackgroundTermCount``)."""

    __tablename__ = "background_sizes"

    taxon_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    genes: Mapped[int] = mapped_column(Integer)
    biological_process_genes: Mapped[int] = mapped_column(Integer)
    cellular_component_genes: Mapped[int] = mapped_column(Integer)
    molecular_function_genes: Mapped[int] = mapped_column(Integer)


class TermGeneList(Base):
    """For each species and narrow GO term (few of the species' annotated genes, see
    db/term_gene_lists.py): its genes in symbol order, the list term -> genes pages
    (positive annotations to the term or a descendant over is_a and part_of, every
    evidence code, each gene once). Derived by each load in its transaction, as the
    background counts are; ``symbol_key`` is the gene's, copied so a page is one range of
    the key."""

    __tablename__ = "term_gene_lists"
    # SQLite: rows in the key's B-tree alone (migration 0011).
    __table_args__ = ({"sqlite_with_rowid": False},)

    # No foreign keys: derived, rebuilt whole at each load, as the closure is.
    taxon_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    go_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    symbol_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    gene_pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
