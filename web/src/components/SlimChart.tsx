// A GO slim summary as horizontal bars, in SVG: one bar per slim term with a count above 0.
import { termPath } from "../router";
import type { SlimSummary } from "../slim";

type SlimTerm = SlimSummary["terms"][number];

const ROW = 22;
const LABEL = 260;
const BARS = 280;

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export function SlimChart({
  terms,
  value,
  unit,
  caption,
}: {
  terms: SlimTerm[];
  value: (term: SlimTerm) => number;
  unit: string;
  caption: string;
}) {
  const shown = terms.filter((t) => value(t) > 0).sort((a, b) => value(b) - value(a));
  if (shown.length === 0) return <p class="slim-none">No term of the slim: {caption}</p>;
  const top = Math.max(...shown.map(value));
  const height = shown.length * ROW + 6;
  return (
    <figure class="slim-plot">
      <div class="scroll">
        <svg
          role="img"
          aria-label={`GO slim: ${unit} per term`}
          viewBox={`0 0 ${LABEL + BARS + 50} ${height}`}
          width={LABEL + BARS + 50}
          height={height}
        >
          {shown.map((t, index) => {
            const y = index * ROW + 2;
            const width = Math.max(1, (value(t) / top) * BARS);
            return (
              <a key={t.term.id} href={termPath(t.term.id)} data-app data-term={t.term.id}>
                <text x={LABEL - 6} y={y + 14} text-anchor="end" class="label">
                  {shorten(t.term.name, 40)}
                </text>
                <rect class="slim-bar" x={LABEL} y={y + 2} width={width} height={ROW - 6} />
                <text x={LABEL + width + 4} y={y + 14} class="value">
                  {value(t)}
                </text>
                <title>{`${t.term.id} ${t.term.name}: ${value(t)} ${unit}`}</title>
              </a>
            );
          })}
        </svg>
      </div>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
