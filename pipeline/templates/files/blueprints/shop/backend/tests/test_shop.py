"""The shop's checkout: server prices and totals (never 0 or less), stock taken in the same
transaction as the order, and a cart the stock cannot cover changes nothing. Orders are read by
their customer (the order token) and the owner, nobody else; the catalogue is the owner's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from app.shop import merged, order_total
from tests.conftest import make

CHECKOUT = "/api/shop/checkout"
ANONYMOUS = {"Authorization": ""}


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
    assert client.get("/api/shop/orders").json()[0]["order_id"] == order["order_id"]  # the owner's view


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


def _order(client: TestClient, customer: str, product_id: int) -> dict[str, object]:
    got = client.post(CHECKOUT, headers=ANONYMOUS, json={"customer": customer, "email": f"{customer}@example.com",
                                                         "lines": [{"product_id": product_id, "quantity": 1}]})  # fmt: skip
    assert got.status_code == 201, got.text
    order: dict[str, object] = got.json()
    return order


def test_orders_are_read_by_their_customer_and_the_owner_alone(client: TestClient) -> None:
    pen = make(client, "products", name="Pen", price=1.5, quantity=10)
    ada, bo = _order(client, "ada", pen["id"]), _order(client, "bo", pen["id"])
    everyone = client.get("/api/shop/orders", headers=ANONYMOUS)
    assert everyone.status_code == 401 and "ada@example.com" not in everyone.text
    forged = client.get("/api/shop/orders", headers={"Authorization": "Bearer forged"})
    assert forged.status_code == 401
    mine = client.post("/api/shop/orders/mine", headers=ANONYMOUS, json={"order_tokens": [ada["order_token"]]})
    assert [(o["order_id"], o["email"]) for o in mine.json()] == [(ada["order_id"], "ada@example.com")]
    guessed = client.post("/api/shop/orders/mine", headers=ANONYMOUS, json={"order_tokens": ["x" * 32]})
    assert guessed.json() == []
    assert [o["order_id"] for o in client.get("/api/shop/orders").json()] == [bo["order_id"], ada["order_id"]]


def test_a_visitor_cannot_change_the_catalogue(client: TestClient) -> None:
    pen = make(client, "products", name="Pen", price=1.5, quantity=10)
    assert client.patch(f"/api/products/{pen['id']}", headers=ANONYMOUS, json={"price": 0.01}).status_code == 401
    assert client.delete(f"/api/products/{pen['id']}", headers=ANONYMOUS).status_code == 401
    assert client.post("/api/products", headers=ANONYMOUS, json={"name": "Free", "price": 1, "quantity": 1}).status_code == 401
    assert [(p["name"], p["price"]) for p in client.get("/api/products", headers=ANONYMOUS).json()] == [("Pen", 1.5)]


def test_prices_are_more_than_zero_and_quantities_at_least_one(client: TestClient, tmp_path: Path) -> None:
    assert client.post("/api/products", json={"name": "Free", "price": 0, "quantity": 1}).status_code == 422
    assert client.post("/api/products", json={"name": "Paid", "price": -100, "quantity": 1}).status_code == 422
    pen = make(client, "products", name="Pen", price=1.5, quantity=10)
    assert client.patch(f"/api/products/{pen['id']}", json={"price": -1}).status_code == 422
    assert client.patch(f"/api/products/{pen['id']}", json={"quantity": -5}).status_code == 422
    for quantity in (0, -1):
        refused = client.post(CHECKOUT, headers=ANONYMOUS, json={"customer": "Ada", "email": "a@b.c", "lines": [
            {"product_id": pen["id"], "quantity": quantity}]})  # fmt: skip
        assert refused.status_code == 422
    with sqlite3.connect(tmp_path / "test.db") as db:  # a price of 0 that got in by another road
        db.execute("UPDATE products SET price = 0 WHERE id = ?", (pen["id"],))
    free = client.post(CHECKOUT, headers=ANONYMOUS, json={"customer": "Ada", "email": "a@b.c", "lines": [
        {"product_id": pen["id"], "quantity": 1}]})  # fmt: skip
    assert free.status_code == 409 and "not for sale" in free.json()["detail"]
