import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Date with time (isoformat) */
  DateTime: { input: string; output: string; }
  /** Federation: an entity reference, an object with __typename and the key fields. */
  _Any: { input: any; output: any; }
};

/** The groups the GO Consortium sorts evidence codes into: EXPERIMENTAL (EXP IDA IPI IMP IGI IEP HTP HDA HMP HGI HEP), PHYLOGENETIC (IBA IBD IKR IRD), COMPUTATIONAL (ISS ISO ISA ISM IGC RCA), AUTHOR_STATEMENT (TAS NAS), CURATOR_STATEMENT (IC ND), ELECTRONIC (IEA). */
export type EvidenceGroup =
  /** Stated by a paper's authors: TAS NAS. */
  | 'AUTHOR_STATEMENT'
  /** From sequence or structure analysis reviewed by a curator: ISS ISO ISA ISM IGC RCA. */
  | 'COMPUTATIONAL'
  /** A curator's inference, or no data found: IC ND. */
  | 'CURATOR_STATEMENT'
  /** Assigned automatically, not reviewed by a curator: IEA. */
  | 'ELECTRONIC'
  /** From experiments, small-scale or high-throughput: EXP IDA IPI IMP IGI IEP HTP HDA HMP HGI HEP. */
  | 'EXPERIMENTAL'
  /** Inferred from the annotations of related genes in a phylogenetic tree: IBA IBD IKR IRD. */
  | 'PHYLOGENETIC';

/** The three Gene Ontology aspects (OBO namespaces). */
export type GoCategory =
  /** Processes a gene product takes part in, e.g. "immune response" (namespace biological_process). */
  | 'BIOLOGICAL_PROCESS'
  /** Where in or around the cell a gene product acts, e.g. "extracellular space" (namespace cellular_component). */
  | 'CELLULAR_COMPONENT'
  /** What a gene product does at the molecular level, e.g. "cytokine activity" (namespace molecular_function). */
  | 'MOLECULAR_FUNCTION';

/** Why a term is a search hit, best first: its id, its name, its name's start, all the query's words in its name, a synonym holding the query. */
export type GoTermSearchMatch =
  /** The query is the term's id, e.g. "GO:0006955". */
  | 'ID'
  /** The query is the term's name. */
  | 'NAME'
  /** The term's name starts with the query. */
  | 'NAME_PREFIX'
  /** The term's name holds every word of the query. */
  | 'NAME_WORDS'
  /** A synonym of the term holds the query. */
  | 'SYNONYM';

/** How an input was matched to a gene. */
export type GeneMatchKind =
  /** Another symbol the gene is known by (NCBI Synonyms). */
  | 'ALIAS'
  /** A discontinued GeneID, answered with the gene it was merged into (NCBI gene_history). */
  | 'DISCONTINUED_ID'
  /** The gene's own id, e.g. "NCBIGene:3558". */
  | 'ID'
  /** The gene's official symbol in the species asked for. */
  | 'SYMBOL'
  /** The gene's id in another database, e.g. "Ensembl:ENSG00000109471". */
  | 'XREF';

/** Why a gene is a search hit, best first: its symbol is the query, its symbol starts with the query, an alias is or starts with the query, its name holds the query's words, its summary does. */
export type GeneSearchMatch =
  /** An alias is or starts with the query, e.g. "TCGF" for IL2. */
  | 'ALIAS'
  /** Its name holds every word of the query. */
  | 'NAME'
  /** Its summary holds every word of the query. */
  | 'SUMMARY'
  /** Its official symbol is the query, e.g. "IL2" for IL2. */
  | 'SYMBOL'
  /** Its official symbol starts with the query, e.g. "IL2" for IL2RA. */
  | 'SYMBOL_PREFIX';

/** Which slim terms a gene is mapped to, of those that are, or lie above (is_a, part_of), its annotated terms, as goatools' map2slim `--slim_out`: DIRECT, those no other such slim term lies below; ALL, every one. */
export type SlimMapping =
  /** Every slim term that is, or lies above, one of the gene's terms (`--slim_out all`). */
  | 'ALL'
  /** Only the slim terms no other slim term mapped to the gene lies below (map2slim's default, `--slim_out direct`). */
  | 'DIRECT';

export type SpeciesNameFragment = { __typename?: 'Species', taxonId: number, scientificName: string, commonName: string | null };

export type SearchQueryVariables = Exact<{
  query: Scalars['String']['input'];
  taxon?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type SearchQuery = { __typename?: 'Query', search: { __typename?: 'GeneSearchHitConnection', totalCount: number, nodes: Array<{ __typename?: 'GeneSearchHit', matchedBy: GeneSearchMatch, matchedText: string | null, gene: { __typename?: 'Gene', id: string, symbol: string, name: string | null, species: { __typename?: 'Species', taxonId: number, scientificName: string, commonName: string | null } } }> } };

export type GenePageQueryVariables = Exact<{
  id?: InputMaybe<Scalars['ID']['input']>;
  symbol?: InputMaybe<Scalars['String']['input']>;
  taxon?: InputMaybe<Scalars['Int']['input']>;
}>;


export type GenePageQuery = { __typename?: 'Query', gene: { __typename?: 'Gene', id: string, geneId: number | null, symbol: string, name: string | null, summary: string | null, summaryProvenance: string | null, type: string | null, chromosome: string | null, mapLocation: string | null, aliases: Array<string>, species: { __typename?: 'Species', taxonId: number, scientificName: string, commonName: string | null }, xrefs: Array<{ __typename?: 'Xref', database: string, id: string, url: string | null }>, orthologs: Array<{ __typename?: 'Ortholog', sources: Array<string>, gene: { __typename?: 'Gene', id: string, symbol: string, name: string | null, species: { __typename?: 'Species', taxonId: number, scientificName: string, commonName: string | null } } }>, annotations: Array<{ __typename?: 'GOAnnotation', evidence: string | null, qualifier: string | null, source: string, references: Array<string>, term: { __typename?: 'GOTerm', id: string, name: string, category: GoCategory } }>, changes: Array<{ __typename?: 'GeneChange', description: string, source: string }>, history: { __typename?: 'GeneHistory', discontinuedGenes: Array<{ __typename?: 'DiscontinuedGene', id: string, symbol: string, discontinuedOn: string }>, annotationChanges: Array<{ __typename?: 'AnnotationChangeSet', release: { __typename?: 'Release', number: number, loadedAt: string }, added: Array<{ __typename?: 'AnnotationChange', termId: string, evidence: string | null, source: string }>, removed: Array<{ __typename?: 'AnnotationChange', termId: string, evidence: string | null, source: string }> }> } } | null };

export type TermPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TermPageQuery = { __typename?: 'Query', goTerm: { __typename?: 'GOTerm', id: string, name: string, category: GoCategory, definition: string | null, isObsolete: boolean, replacedBy: string | null, consider: Array<string>, altIds: Array<string>, quickGoUrl: string, amigoUrl: string, synonyms: Array<{ __typename?: 'GOTermSynonym', text: string, scope: string }>, parents: Array<{ __typename?: 'GOTermRelationship', relation: string, term: { __typename?: 'GOTerm', id: string } }>, ancestors: Array<{ __typename?: 'GOTerm', id: string, name: string, parents: Array<{ __typename?: 'GOTermRelationship', relation: string, term: { __typename?: 'GOTerm', id: string } }> }> } | null };

export type TermGenesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  taxon?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TermGenesQuery = { __typename?: 'Query', goTerm: { __typename?: 'GOTerm', id: string, genes: { __typename?: 'GeneConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ __typename?: 'Gene', id: string, symbol: string, name: string | null, species: { __typename?: 'Species', taxonId: number, scientificName: string, commonName: string | null } }> } } | null };

export type ResolveGenesQueryVariables = Exact<{
  ids?: InputMaybe<Array<Scalars['ID']['input']> | Scalars['ID']['input']>;
  symbols?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
  taxon: Scalars['Int']['input'];
}>;


export type ResolveGenesQuery = { __typename?: 'Query', genes: Array<{ __typename?: 'GeneMatch', input: string, problem: string | null, gene: { __typename?: 'Gene', id: string, symbol: string } | null }> };

export type EnrichmentQueryVariables = Exact<{
  genes: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
  taxon: Scalars['Int']['input'];
  category?: InputMaybe<GoCategory>;
}>;


export type EnrichmentQuery = { __typename?: 'Query', enrichment: { __typename?: 'Enrichment', studySize: number, backgroundSize: number, testedTerms: number, unknownGenes: Array<string>, otherTaxonGenes: Array<{ __typename?: 'Gene', id: string, symbol: string }>, unannotatedGenes: Array<{ __typename?: 'Gene', id: string, symbol: string }>, terms: Array<{ __typename?: 'EnrichedTerm', studyCount: number, backgroundCount: number, foldEnrichment: number, pValue: number, fdr: number, term: { __typename?: 'GOTerm', id: string, name: string, category: GoCategory }, studyGenes: Array<{ __typename?: 'Gene', id: string, symbol: string }> }> } };

export type HomeQueryVariables = Exact<{ [key: string]: never; }>;


export type HomeQuery = { __typename?: 'Query', currentRelease: { __typename?: 'Release', number: number, loadedAt: string, sources: Array<{ __typename?: 'ReleaseSource', format: string }> } | null };

export type SpeciesQueryVariables = Exact<{ [key: string]: never; }>;


export type SpeciesQuery = { __typename?: 'Query', species: Array<{ __typename?: 'Species', geneCount: number, taxonId: number, scientificName: string, commonName: string | null }> };

export type SlimRootsQueryVariables = Exact<{ [key: string]: never; }>;


export type SlimRootsQuery = { __typename?: 'Query', process: { __typename?: 'GOTerm', children: Array<{ __typename?: 'GOTermRelationship', relation: string, term: { __typename?: 'GOTerm', id: string } }> } | null, function: { __typename?: 'GOTerm', children: Array<{ __typename?: 'GOTermRelationship', relation: string, term: { __typename?: 'GOTerm', id: string } }> } | null, component: { __typename?: 'GOTerm', children: Array<{ __typename?: 'GOTermRelationship', relation: string, term: { __typename?: 'GOTerm', id: string } }> } | null };

export type SlimSummaryQueryVariables = Exact<{
  genes: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
  slim: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
  taxon: Scalars['Int']['input'];
  category?: InputMaybe<GoCategory>;
  mapping: SlimMapping;
}>;


export type SlimSummaryQuery = { __typename?: 'Query', slimSummary: { __typename?: 'SlimSummary', geneCount: number, unmappedGenes: Array<{ __typename?: 'Gene', id: string, symbol: string }>, terms: Array<{ __typename?: 'SlimTermCount', geneCount: number, annotatedTermCount: number, term: { __typename?: 'GOTerm', id: string, name: string, category: GoCategory } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SpeciesNameFragmentDoc = new TypedDocumentString(`
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}
    `, {"fragmentName":"SpeciesName"}) as unknown as TypedDocumentString<SpeciesNameFragment, unknown>;
export const SearchDocument = new TypedDocumentString(`
    query Search($query: String!, $taxon: Int, $first: Int) {
  search(query: $query, taxon: $taxon, first: $first) {
    totalCount
    nodes {
      matchedBy
      matchedText
      gene {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`) as unknown as TypedDocumentString<SearchQuery, SearchQueryVariables>;
export const GenePageDocument = new TypedDocumentString(`
    query GenePage($id: ID, $symbol: String, $taxon: Int) {
  gene(id: $id, symbol: $symbol, taxon: $taxon) {
    id
    geneId
    symbol
    name
    summary
    summaryProvenance
    type
    chromosome
    mapLocation
    aliases
    species {
      ...SpeciesName
    }
    xrefs {
      database
      id
      url
    }
    orthologs {
      sources
      gene {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
    annotations {
      term {
        id
        name
        category
      }
      evidence
      qualifier
      source
      references
    }
    changes {
      description
      source
    }
    history {
      discontinuedGenes {
        id
        symbol
        discontinuedOn
      }
      annotationChanges {
        release {
          number
          loadedAt
        }
        added {
          termId
          evidence
          source
        }
        removed {
          termId
          evidence
          source
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`) as unknown as TypedDocumentString<GenePageQuery, GenePageQueryVariables>;
export const TermPageDocument = new TypedDocumentString(`
    query TermPage($id: ID!) {
  goTerm(id: $id) {
    id
    name
    category
    definition
    isObsolete
    replacedBy
    consider
    altIds
    quickGoUrl
    amigoUrl
    synonyms {
      text
      scope
    }
    parents {
      relation
      term {
        id
      }
    }
    ancestors {
      id
      name
      parents {
        relation
        term {
          id
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TermPageQuery, TermPageQueryVariables>;
export const TermGenesDocument = new TypedDocumentString(`
    query TermGenes($id: ID!, $taxon: Int, $first: Int, $after: String) {
  goTerm(id: $id) {
    id
    genes(taxon: $taxon, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`) as unknown as TypedDocumentString<TermGenesQuery, TermGenesQueryVariables>;
export const ResolveGenesDocument = new TypedDocumentString(`
    query ResolveGenes($ids: [ID!], $symbols: [String!], $taxon: Int!) {
  genes(ids: $ids, symbols: $symbols, taxon: $taxon) {
    input
    problem
    gene {
      id
      symbol
    }
  }
}
    `) as unknown as TypedDocumentString<ResolveGenesQuery, ResolveGenesQueryVariables>;
export const EnrichmentDocument = new TypedDocumentString(`
    query Enrichment($genes: [ID!]!, $taxon: Int!, $category: GOCategory) {
  enrichment(genes: $genes, taxon: $taxon, category: $category, maxResults: 50) {
    studySize
    backgroundSize
    testedTerms
    unknownGenes
    otherTaxonGenes {
      id
      symbol
    }
    unannotatedGenes {
      id
      symbol
    }
    terms {
      term {
        id
        name
        category
      }
      studyCount
      backgroundCount
      foldEnrichment
      pValue
      fdr
      studyGenes {
        id
        symbol
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EnrichmentQuery, EnrichmentQueryVariables>;
export const HomeDocument = new TypedDocumentString(`
    query Home {
  currentRelease {
    number
    loadedAt
    sources {
      format
    }
  }
}
    `) as unknown as TypedDocumentString<HomeQuery, HomeQueryVariables>;
export const SpeciesDocument = new TypedDocumentString(`
    query Species {
  species {
    ...SpeciesName
    geneCount
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`) as unknown as TypedDocumentString<SpeciesQuery, SpeciesQueryVariables>;
export const SlimRootsDocument = new TypedDocumentString(`
    query SlimRoots {
  process: goTerm(id: "GO:0008150") {
    children {
      relation
      term {
        id
      }
    }
  }
  function: goTerm(id: "GO:0003674") {
    children {
      relation
      term {
        id
      }
    }
  }
  component: goTerm(id: "GO:0005575") {
    children {
      relation
      term {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SlimRootsQuery, SlimRootsQueryVariables>;
export const SlimSummaryDocument = new TypedDocumentString(`
    query SlimSummary($genes: [ID!]!, $slim: [ID!]!, $taxon: Int!, $category: GOCategory, $mapping: SlimMapping!) {
  slimSummary(
    genes: $genes
    slim: $slim
    taxon: $taxon
    category: $category
    mapping: $mapping
  ) {
    geneCount
    unmappedGenes {
      id
      symbol
    }
    terms {
      term {
        id
        name
        category
      }
      geneCount
      annotatedTermCount
    }
  }
}
    `) as unknown as TypedDocumentString<SlimSummaryQuery, SlimSummaryQueryVariables>;