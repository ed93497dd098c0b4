-- What PostGraphile needs to answer the benchmark's operations over genegraph's own tables.
-- PostGraphile exposes tables, foreign-key relations and unique look-ups as they are; a
-- filter on a joined table (a GO category), the HomoloGene groups and the ontology's closure
-- are written, as PostGraphile's documentation recommends, as STABLE SQL functions:
-- "computed columns" (first argument a row) and custom queries. Each reproduces the rule of
-- the genegraph resolver it stands for (resolvers/dataloaders.py, resolvers/ontology.py).
-- Arguments are written qualified (genes_go_terms.category): in SQL functions a column of
-- the same name would win over a bare one.
-- bench/run.py applies this file to the benchmark's own databases only.

-- Gene.goTerms(category:): the gene's distinct terms, NOT-qualified annotations left out,
-- ordered by name as genegraph orders them.
CREATE OR REPLACE FUNCTION genes_go_terms(g genes, category text DEFAULT NULL)
RETURNS SETOF go_terms LANGUAGE sql STABLE AS $$
  SELECT t.* FROM go_terms t
  WHERE t.go_id IN (
      SELECT a.go_id FROM go_annotations a
      WHERE a.gene_pk = g.pk AND '|' || a.qualifier || '|' NOT LIKE '%|NOT|%')
    AND (genes_go_terms.category IS NULL OR t.category = genes_go_terms.category)
  ORDER BY lower(t.name), t.go_id
$$;

-- Gene.orthologs(taxa:): stated pairs and the other members of the gene's HomoloGene
-- groups, one row per ortholog gene whatever the sources asserting it, ordered by species
-- and symbol, as genegraph lists them (issue #18: one entry per ortholog gene).
CREATE OR REPLACE FUNCTION genes_orthologs(g genes, taxa integer[] DEFAULT NULL)
RETURNS SETOF genes LANGUAGE sql STABLE AS $$
  SELECT x.* FROM genes x
  WHERE x.pk IN (
      SELECT p.ortholog_pk FROM orthologs p WHERE p.gene_pk = g.pk
      UNION
      SELECT theirs.gene_pk FROM homologene_members mine
      JOIN homologene_members theirs ON theirs.hid = mine.hid AND theirs.gene_pk <> mine.gene_pk
      WHERE mine.gene_pk = g.pk
  )
    AND (genes_orthologs.taxa IS NULL OR x.taxon_id = ANY (genes_orthologs.taxa))
  ORDER BY x.taxon_id, x.symbol, x.pk
$$;

-- GOTerm.genes(taxon:): genes annotated to the term or to a descendant over is_a and
-- part_of, NOT-qualified annotations left out, ordered by symbol.
CREATE OR REPLACE FUNCTION go_terms_genes(t go_terms, taxon integer DEFAULT NULL)
RETURNS SETOF genes LANGUAGE sql STABLE AS $$
  SELECT x.* FROM genes x
  WHERE x.pk IN (
      SELECT a.gene_pk FROM go_annotations a WHERE a.go_id = t.go_id
        AND '|' || a.qualifier || '|' NOT LIKE '%|NOT|%'
      UNION
      SELECT a.gene_pk FROM go_term_closure c JOIN go_annotations a ON a.go_id = c.go_id
      WHERE c.ancestor_id = t.go_id AND NOT c.via_regulates
        AND '|' || a.qualifier || '|' NOT LIKE '%|NOT|%')
    AND (go_terms_genes.taxon IS NULL OR x.taxon_id = go_terms_genes.taxon)
  ORDER BY x.symbol_key, x.pk
$$;

-- genes(ids:) by NCBI GeneID: one row per id found, in input order.
CREATE OR REPLACE FUNCTION genes_by_gene_ids(ids bigint[])
RETURNS SETOF genes LANGUAGE sql STABLE AS $$
  SELECT x.* FROM unnest(ids) WITH ORDINALITY AS i(gene_id, n)
  JOIN genes x ON x.gene_id = i.gene_id
  ORDER BY i.n
$$;

-- search(query:, taxon:, first:) without totalCount (autocomplete): genes whose symbol is
-- the query, then whose symbol starts with it (shorter first), then genes with an alias that
-- is or starts with it (exact, then shorter), each gene once in its best tier, in
-- genegraph's order for these tiers (resolvers/search.py). genegraph's last tiers, the
-- words of names and summaries, are left out: symbols and aliases fill the first page for
-- most prefixes. A plain prefix query over the text_pattern_ops indexes of symbols and
-- aliases, as such a custom query is written; genegraph's walk of its rank index one symbol
-- length at a time is its own.
CREATE OR REPLACE FUNCTION search_genes(query text, taxon integer)
RETURNS SETOF genes LANGUAGE sql STABLE AS $$
  SELECT g.* FROM (
      SELECT x.pk, CASE WHEN x.symbol_key = upper(query) THEN 1 ELSE 2 END AS tier,
          CASE WHEN x.symbol_key = upper(query) THEN 0 ELSE length(x.symbol_key) END AS score,
          x.symbol_key
      FROM genes x
      WHERE x.taxon_id = search_genes.taxon
        AND x.symbol_key LIKE replace(replace(replace(upper(query), '\', '\\'), '%', '\%'),
                                      '_', '\_') || '%'
      UNION ALL
      (SELECT DISTINCT ON (a.gene_pk) a.gene_pk, 3,
          CASE WHEN a.alias_key = upper(query) THEN 0 ELSE length(a.alias_key) END, x.symbol_key
      FROM gene_aliases a JOIN genes x ON x.pk = a.gene_pk
      WHERE x.taxon_id = search_genes.taxon
        AND a.alias_key LIKE replace(replace(replace(upper(query), '\', '\\'), '%', '\%'),
                                     '_', '\_') || '%'
        AND x.symbol_key NOT LIKE replace(replace(replace(upper(query), '\', '\\'), '%',
                                          '\%'), '_', '\_') || '%'
      ORDER BY a.gene_pk, 3)
  ) best (pk, tier, score, symbol_key)
  JOIN genes g ON g.pk = best.pk
  ORDER BY best.tier, best.score, length(best.symbol_key), best.symbol_key COLLATE "C", best.pk
$$;
