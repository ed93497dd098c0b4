import { useEffect, useState } from "preact/hooks";

import { request } from "./api";
import { type GoCategory, type SpeciesQuery, SpeciesDocument } from "./generated/graphql";

export type LoadedSpecies = SpeciesQuery["species"][number];

// Human, where loaded, is the species chosen first.
export const HUMAN = 9606;

// The species the server has loaded (the `species` field), asked once per page load:
// a species added by `genegraph update` appears after a reload.
let loading: Promise<LoadedSpecies[]> | null = null;

export function useSpecies(): LoadedSpecies[] {
  const [species, setSpecies] = useState<LoadedSpecies[]>([]);
  useEffect(() => {
    loading ??= request(SpeciesDocument, {}).then(
      (data) => data.species,
      (failure: unknown) => {
        loading = null; // asked again by the next page
        throw failure;
      },
    );
    let live = true;
    loading.then(
      (loaded) => live && setSpecies(loaded),
      () => live && setSpecies([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return species;
}

export function SpeciesOptions({ species }: { species: LoadedSpecies[] }) {
  return (
    <>
      {species.map((s) => (
        <option key={s.taxonId} value={s.taxonId}>
          {speciesLabel(s)}, {s.geneCount.toLocaleString("en")} genes
        </option>
      ))}
    </>
  );
}

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
