"""The shop's checkout: server prices and totals, stock taken in the same transaction as the
order, and a cart the stock cannot cover changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.shop import merged, order_total
from tests.conftest import make

CHECKOUT = "/api/shop/checkout"


def test_totals_are_exact_to_the_cent() -> None:
    assert order_total([(3, 0.1), (1, 0.2)]) == 0.5
    assert order_total([(2, 19.99), (1, 5.0)]) == 44.98
    assert order_total([]) == 0


def test_the_same_product_twice_adds_up() -> None:
    assert merged([(1, 2), (2, 1), (1, 3)]) == {1: 5, 2: 1}


def test_an_order_takes_its_stock_and_prices_from_the_catalogue(client: TestClient) -> None:
    pen = make(client, "products", name="Pen", price=1.5, quantity=10)
    ink = make(client, "products", name="Ink", price=4.25, quantity=3)
    got = client.post(CHECKOUT, json={"customer": "Ada", "email": "ada@example.com", "lines": [
        {"product_id": pen["id"], "quantity": 4}, {"product_id": ink["id"], "quantity": 2}]})  # fmt: skip
    assert got.status_code == 201, got.text
    order = got.json()
    assert order["total"] == 14.5 and [ln["subtotal"] for ln in order["lines"]] == [6.0, 8.5]
    stock = {p["name"]: p["quantity"] for p in client.get("/api/products").json()}
    assert stock == {"Pen": 6, "Ink": 1}
    assert client.get("/api/shop/orders").json()[0]["order_id"] == order["order_id"]


def test_too_little_stock_changes_nothing(client: TestClient) -> None:
    pen = make(client, "products", name="Pen", price=1.5, quantity=10)
    ink = make(client, "products", name="Ink", price=4.25, quantity=1)
    refused = client.post(CHECKOUT, json={"customer": "Ada", "email": "ada@example.com", "lines": [
        {"product_id": pen["id"], "quantity": 2}, {"product_id": ink["id"], "quantity": 2}]})  # fmt: skip
    assert refused.status_code == 409 and "only 1 of Ink left" in refused.json()["detail"]
    assert {p["name"]: p["quantity"] for p in client.get("/api/products").json()} == {"Pen": 10, "Ink": 1}
    assert client.get("/api/shop/orders").json() == []


def test_unknown_products_and_empty_carts_are_refused(client: TestClient) -> None:
    assert client.post(CHECKOUT, json={"customer": "Ada", "email": "a@b.c", "lines": [
        {"product_id": 99, "quantity": 1}]}).status_code == 404  # fmt: skip
    assert client.post(CHECKOUT, json={"customer": "Ada", "email": "a@b.c", "lines": []}).status_code == 422
