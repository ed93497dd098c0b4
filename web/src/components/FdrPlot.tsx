// −log10 FDR of the enriched terms as horizontal bars, in SVG; the dashed line is FDR 0.05.
import { termPath } from "../router";

export interface PlotTerm {
  term: { id: string; name: string };
  fdr: number;
}

const ROW = 22;
const LABEL = 230;
const BARS = 300;
const SMALLEST = 1e-300; // an FDR that underflowed to 0 is drawn as this

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export function FdrPlot({ terms }: { terms: PlotTerm[] }) {
  const shown = terms.slice(0, 20);
  const score = (fdr: number) => -Math.log10(Math.max(fdr, SMALLEST));
  const threshold = score(0.05);
  const top = Math.max(threshold * 1.2, ...shown.map((t) => score(t.fdr)));
  const x = (value: number) => LABEL + (value / top) * BARS;
  const height = shown.length * ROW + 34;
  return (
    <figure class="plot">
      <div class="scroll">
        <svg
          role="img"
          aria-label={`−log10 FDR of the ${shown.length} most enriched terms`}
          viewBox={`0 0 ${LABEL + BARS + 60} ${height}`}
          width={LABEL + BARS + 60}
          height={height}
        >
          {shown.map((t, index) => {
            const y = index * ROW + 4;
            const value = score(t.fdr);
            return (
              <a key={t.term.id} href={termPath(t.term.id)} data-app>
                <text x={LABEL - 6} y={y + 14} text-anchor="end" class="label">
                  {shorten(t.term.name, 34)}
                </text>
                <rect
                  class={t.fdr < 0.05 ? "bar significant" : "bar"}
                  x={LABEL}
                  y={y + 2}
                  width={Math.max(1, x(value) - LABEL)}
                  height={ROW - 6}
                />
                <text x={x(value) + 4} y={y + 14} class="value">
                  {value.toFixed(2)}
                </text>
                <title>{`${t.term.id} ${t.term.name}: FDR ${t.fdr.toPrecision(3)}`}</title>
              </a>
            );
          })}
          <line class="threshold" x1={x(threshold)} x2={x(threshold)} y1={0} y2={shown.length * ROW + 6} />
          <line class="axis" x1={LABEL} x2={LABEL + BARS} y1={shown.length * ROW + 6} y2={shown.length * ROW + 6} />
          <text x={LABEL + BARS / 2} y={height - 4} text-anchor="middle" class="axis-label">
            −log10 FDR (dashed: FDR 0.05)
          </text>
        </svg>
      </div>
    </figure>
  );
}
