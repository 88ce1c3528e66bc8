"""The shop's checkout: prices from the catalogue (never from the page, and never 0 or less), the
total computed here, and the order, its lines and the stock decrements written in one
transaction, so two buyers of the last item cannot both have it.

Orders hold customers' names and emails: the owner reads them all (``app.owner``); a customer
reads their own with the order token the checkout answered (kept only as its SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import datetime
from typing import Any

from fastapi import HTTPException, Request

from app.db import Database
from app.owner import require_admin

SCHEMA = """
CREATE TABLE IF NOT EXISTS "shop_orders" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "customer" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "total" REAL NOT NULL,
    "placed_at" TEXT NOT NULL,
    "token_hash" TEXT
);
CREATE TABLE IF NOT EXISTS "shop_order_lines" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "order_id" INTEGER NOT NULL REFERENCES "shop_orders"("id"),
    "product_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "price" REAL NOT NULL
);
"""


def order_total(lines: list[tuple[int, float]]) -> float:
    """(quantity, unit price) lines → the order's total, in cents-exact rounding."""
    return round(sum(round(quantity * price * 100) for quantity, price in lines) / 100, 2)


def merged(lines: list[tuple[int, int]]) -> dict[int, int]:
    """The cart's lines with one entry per product (the same product twice adds up)."""
    out: dict[int, int] = {}
    for product_id, quantity in lines:
        out[product_id] = out.get(product_id, 0) + quantity
    return out


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    conn.executescript(SCHEMA)
    if "token_hash" not in {c["name"] for c in conn.execute('PRAGMA table_info("shop_orders")')}:
        conn.execute('ALTER TABLE "shop_orders" ADD COLUMN "token_hash" TEXT')  # orders from before tokens
    return conn


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def checkout(db: Database, customer: str, email: str, lines: list[tuple[int, int]]) -> dict[str, Any]:
    if not lines:
        raise HTTPException(status_code=422, detail="the cart is empty")
    if "@" not in email:
        raise HTTPException(status_code=422, detail="an order needs an email address")
    wanted = merged(lines)
    conn = _connect(db)
    try:
        conn.execute("BEGIN IMMEDIATE")  # takes the write lock before reading the stock
        priced: list[tuple[int, str, int, float]] = []
        for product_id, quantity in wanted.items():
            row = conn.execute('SELECT id, name, price, quantity FROM "products" WHERE id = ?', (product_id,)).fetchone()
            if row is None:
                raise HTTPException(status_code=404, detail=f"product {product_id} not found")
            if not row["price"] or row["price"] <= 0:
                raise HTTPException(status_code=409, detail=f"{row['name']} is not for sale (it has no price)")
            if row["quantity"] < quantity:
                raise HTTPException(status_code=409, detail=f"only {row['quantity']} of {row['name']} left")
            priced.append((product_id, row["name"], quantity, float(row["price"])))
        total = order_total([(q, p) for _, _, q, p in priced])
        placed = datetime.now().isoformat(timespec="seconds")
        token = secrets.token_urlsafe(24)
        order_id = conn.execute(
            'INSERT INTO "shop_orders" (customer, email, total, placed_at, token_hash) VALUES (?, ?, ?, ?, ?)',
            (customer.strip(), email.strip(), total, placed, _digest(token)),
        ).lastrowid
        for product_id, name, quantity, price in priced:
            conn.execute(
                'INSERT INTO "shop_order_lines" (order_id, product_id, name, quantity, price) VALUES (?, ?, ?, ?, ?)',
                (order_id, product_id, name, quantity, price),
            )
            conn.execute('UPDATE "products" SET quantity = quantity - ? WHERE id = ?', (quantity, product_id))
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()
    return {**_orders(db, "id = ?", [order_id])[0], "order_token": token}


def orders(db: Database, request: Request) -> list[dict[str, Any]]:
    """The latest orders, for the owner alone (401 for anyone else)."""
    require_admin(db, request)
    return _orders(db, "1 = 1", [])


def orders_by_token(db: Database, tokens: list[str]) -> list[dict[str, Any]]:
    """The orders these tokens were answered for, newest first; unknown tokens are left out."""
    digests = [_digest(t) for t in dict.fromkeys(tokens[:50]) if t]
    if not digests:
        return []
    return _orders(db, f"token_hash IN ({', '.join('?' for _ in digests)})", digests)


def _orders(db: Database, where: str, args: list[Any]) -> list[dict[str, Any]]:
    with _connect(db) as conn:
        heads = conn.execute(f'SELECT * FROM "shop_orders" WHERE {where} ORDER BY id DESC LIMIT 50', args).fetchall()
        out = []
        for head in heads:
            lines = conn.execute('SELECT * FROM "shop_order_lines" WHERE order_id = ? ORDER BY id', (head["id"],)).fetchall()
            out.append({
                "order_id": head["id"], "customer": head["customer"], "email": head["email"], "total": head["total"],
                "placed_at": head["placed_at"],
                "lines": [{"product_id": ln["product_id"], "name": ln["name"], "quantity": ln["quantity"],
                           "price": ln["price"], "subtotal": round(ln["quantity"] * ln["price"], 2)} for ln in lines],
            })  # fmt: skip
    return out
