"""The generated Python client (ariadne-codegen) asks a running genegraph for a gene card
and prints it as JSON. Run by tests/server/test_clients.py with this folder's venv, after
ariadne-codegen has written the package ``genegraph_client`` into the folder named first:

    python card.py GENERATED_FOLDER http://127.0.0.1:8000/graphql IL2
"""

import asyncio
import json
import sys


async def main(url: str, symbol: str) -> None:
    from genegraph_client import Client  # type: ignore[import-not-found]  # generated at test time

    async with Client(url=url) as client:
        card = await client.gene_card(symbol=symbol)
        gene = card.gene
        if gene is None:
            print("null")
            return
        # The gene and its first term again, by id alone, as a normalised cache refetches
        # them: pydantic checks each answer against the model its __typename names.
        refetch = await client.refetch(ids=[gene.id, *[term.id for term in gene.go_terms[:1]]])
    # Attributes of the generated pydantic models: snake_case, typed, validated.
    summary = {
        "id": gene.id,
        "symbol": gene.symbol,
        "name": gene.name,
        "species": gene.species.scientific_name,
        "biologicalProcess": [term.id for term in gene.go_terms],
        "categories": sorted({term.category.value for term in gene.go_terms}),
        "orthologs": [
            {
                "id": o.gene.id,
                "symbol": o.gene.symbol,
                "species": o.gene.species.scientific_name,
                "sources": o.sources,
            }
            for o in gene.orthologs
        ],
        "refetched": [node and node.model_dump(by_alias=True) for node in refetch.nodes],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    folder, url, symbol = sys.argv[1:]
    sys.path.insert(0, folder)
    asyncio.run(main(url, symbol))
