// A term's ancestors as a layered graph in SVG: roots at the top, the term at the bottom;
// is_a edges solid, part_of edges dashed (other relations are not followed by `ancestors`).
import { termPath } from "../router";

export interface GraphTerm {
  id: string;
  name: string;
  parents: { relation: string; term: { id: string } }[];
}

const DRAWN = new Set(["is_a", "part_of"]);
const BOX_W = 168;
const BOX_H = 44;
const GAP_X = 16;
const GAP_Y = 40;

interface Edge {
  child: string;
  parent: string;
  relation: string;
}

// Each term's layer is its longest path from a root, so every edge points upwards.
function layers(terms: GraphTerm[], edges: Edge[]): string[][] {
  const parentsOf = new Map<string, string[]>(terms.map((t) => [t.id, []]));
  for (const e of edges) parentsOf.get(e.child)?.push(e.parent);
  const depth = new Map<string, number>();
  const visit = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // the closure has no cycles; this only guards bad data
    seen.add(id);
    const parents = parentsOf.get(id) ?? [];
    const d = parents.length ? 1 + Math.max(...parents.map((p) => visit(p, seen))) : 0;
    depth.set(id, d);
    return d;
  };
  const rows: string[][] = [];
  for (const t of terms) (rows[visit(t.id, new Set())] ??= []).push(t.id);
  return rows.filter(Boolean);
}

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export function AncestorGraph({ term, ancestors }: { term: GraphTerm; ancestors: GraphTerm[] }) {
  const terms = [...ancestors, term];
  const known = new Set(terms.map((t) => t.id));
  const edges: Edge[] = terms.flatMap((t) =>
    t.parents
      .filter((p) => DRAWN.has(p.relation) && known.has(p.term.id))
      .map((p) => ({ child: t.id, parent: p.term.id, relation: p.relation })),
  );
  const rows = layers(terms, edges);
  const widest = Math.max(...rows.map((r) => r.length));
  const width = widest * (BOX_W + GAP_X) + GAP_X;
  const height = rows.length * (BOX_H + GAP_Y) + GAP_Y / 2;
  const place = new Map<string, { x: number; y: number }>();
  rows.forEach((row, depth) => {
    const offset = (width - row.length * (BOX_W + GAP_X) + GAP_X) / 2;
    row.forEach((id, index) =>
      place.set(id, { x: offset + index * (BOX_W + GAP_X), y: GAP_Y / 2 + depth * (BOX_H + GAP_Y) }),
    );
  });
  const byId = new Map(terms.map((t) => [t.id, t]));
  const description = `${term.name} has ${ancestors.length} ancestors over is_a and part_of`;
  return (
    <figure class="graph">
      <div class="scroll">
        <svg
          role="img"
          aria-label={description}
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
        >
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" class="arrow" />
            </marker>
          </defs>
          {edges.map((e) => {
            const from = place.get(e.child)!;
            const to = place.get(e.parent)!;
            return (
              <line
                key={`${e.child}-${e.relation}-${e.parent}`}
                class={`edge ${e.relation}`}
                data-relation={e.relation}
                x1={from.x + BOX_W / 2}
                y1={from.y}
                x2={to.x + BOX_W / 2}
                y2={to.y + BOX_H}
                marker-end="url(#arrow)"
              />
            );
          })}
          {[...place].map(([id, { x, y }]) => {
            const t = byId.get(id)!;
            const self = id === term.id;
            const box = (
              <g class={self ? "node self" : "node"}>
                <rect x={x} y={y} width={BOX_W} height={BOX_H} rx={6} />
                <text x={x + 8} y={y + 17}>
                  {id}
                </text>
                <text x={x + 8} y={y + 34} class="name">
                  {shorten(t.name, 24)}
                </text>
                <title>{`${id} ${t.name}`}</title>
              </g>
            );
            return self ? (
              <g key={id}>{box}</g>
            ) : (
              <a key={id} href={termPath(id)} data-app aria-label={`${id} ${t.name}`}>
                {box}
              </a>
            );
          })}
        </svg>
      </div>
      <figcaption>
        <span class="key is_a">is_a</span> <span class="key part_of">part_of</span> Arrows
        point from a term to its parent.
      </figcaption>
    </figure>
  );
}
