import type { GoCategory } from "./generated/graphql";

// The species of the real-data kit; the API has no species list of its own.
export const SPECIES = [
  { taxon: 9606, label: "Human (Homo sapiens)" },
  { taxon: 10090, label: "Mouse (Mus musculus)" },
  { taxon: 10116, label: "Rat (Rattus norvegicus)" },
] as const;

export const CATEGORIES: { value: GoCategory; label: string }[] = [
  { value: "BIOLOGICAL_PROCESS", label: "biological_process" },
  { value: "MOLECULAR_FUNCTION", label: "molecular_function" },
  { value: "CELLULAR_COMPONENT", label: "cellular_component" },
];

export const categoryLabel = (category: GoCategory): string =>
  CATEGORIES.find((c) => c.value === category)?.label ?? category;

export function speciesLabel(species: {
  scientificName: string;
  commonName: string | null;
}): string {
  return species.commonName
    ? `${species.scientificName} (${species.commonName})`
    : species.scientificName;
}
