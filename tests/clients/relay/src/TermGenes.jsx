// A GO term's genes, a page at a time: @connection over GOTerm.genes (a Relay
// connection: edges, node, pageInfo, first/after); "more" asks TermGenesPaginationQuery,
// `node(id: $id)` with the next cursor.
import { graphql, usePaginationFragment } from 'react-relay';
import GeneCard from './GeneCard';

export default function TermGenes({ term }) {
  const { data, loadNext, hasNext } = usePaginationFragment(
    graphql`
      fragment TermGenes_term on GOTerm
      @refetchable(queryName: "TermGenesPaginationQuery")
      @argumentDefinitions(
        count: { type: "Int", defaultValue: 10 }
        cursor: { type: "String" }
        taxon: { type: "Int", defaultValue: 9606 }
      ) {
        id
        name
        genes(taxon: $taxon, first: $count, after: $cursor)
          @connection(key: "TermGenes_genes") {
          totalCount
          edges {
            node {
              id
              ...GeneCard_gene
            }
          }
        }
      }
    `,
    term,
  );
  return (
    <section>
      <h1>
        {data.name}: {data.genes.totalCount} genes
      </h1>
      {data.genes.edges.map((edge) => (
        <GeneCard key={edge.node.id} gene={edge.node} />
      ))}
      {hasNext ? <button onClick={() => loadNext(10)}>More</button> : null}
    </section>
  );
}
