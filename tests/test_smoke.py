"""The service answers its health checks."""

import httpx


async def test_readyz_reports_database_and_taxonomy(client: httpx.AsyncClient) -> None:
    """Readiness names the engine and the loaded taxonomy version."""
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["taxonomy"]
