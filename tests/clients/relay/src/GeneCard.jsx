// A gene card that refetches itself by id: @refetchable makes the compiler write
// GeneCardRefetchQuery, which asks `node(id: $id)` for this fragment.
import { graphql, useRefetchableFragment } from 'react-relay';

export default function GeneCard({ gene }) {
  const [data, refetch] = useRefetchableFragment(
    graphql`
      fragment GeneCard_gene on Gene
      @refetchable(queryName: "GeneCardRefetchQuery")
      @argumentDefinitions(
        category: { type: "GOCategory", defaultValue: BIOLOGICAL_PROCESS }
      ) {
        id
        symbol
        name
        species {
          id
          scientificName
        }
        goTerms(category: $category) {
          id
          name
        }
      }
    `,
    gene,
  );
  return (
    <section>
      <h2>{data.symbol}</h2>
      <p>
        {data.name} ({data.species.scientificName})
      </p>
      <button onClick={() => refetch({ category: 'MOLECULAR_FUNCTION' })}>
        Molecular function
      </button>
      <ul>
        {data.goTerms.map((term) => (
          <li key={term.id}>{term.name}</li>
        ))}
      </ul>
    </section>
  );
}
