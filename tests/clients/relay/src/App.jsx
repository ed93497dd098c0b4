// The app's one query: a term and its first page of genes.
import { graphql, useLazyLoadQuery } from 'react-relay';
import TermGenes from './TermGenes';

export default function App({ termId }) {
  const data = useLazyLoadQuery(
    graphql`
      query AppQuery($termId: ID!) {
        goTerm(id: $termId) {
          ...TermGenes_term
        }
      }
    `,
    { termId },
  );
  return data.goTerm ? <TermGenes term={data.goTerm} /> : <p>No such term.</p>;
}
