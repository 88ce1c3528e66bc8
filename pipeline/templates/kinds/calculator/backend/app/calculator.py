"""A calculator whose arithmetic is the server's. Expressions are parsed by a small grammar that
knows numbers, + - * / % ^, parentheses and sqrt: a request is never evaluated as code."""

from __future__ import annotations

import math
import re
import sqlite3
from datetime import datetime
from typing import Any

from app.rules import Invalid

from app.db import Database

TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|(sqrt)|(.))")
LIMIT = 1e15
SCHEMA = """
CREATE TABLE IF NOT EXISTS "calculations" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "expression" TEXT NOT NULL,
    "result" REAL NOT NULL,
    "created_at" TEXT NOT NULL
)
"""


class CalculationError(ValueError):
    """An expression that cannot be worked out; the message says why."""


def _tokens(expression: str) -> list[str]:
    text = expression.replace("×", "*").replace("÷", "/").replace("−", "-").strip()
    out: list[str] = []
    for number, func, other in TOKEN.findall(text):
        token = number or func or other
        if token and not token.isspace():
            if not (number or func) and token not in "+-*/%^()":
                raise CalculationError(f"'{token}' is not part of arithmetic")
            out.append(token)
    return out


class _Parser:
    """expr := term (('+'|'-') term)*; term := unary (('*'|'/'|'%') unary)*;
    unary := ('-'|'+') unary | power; power := atom ('^' unary)?; atom := number | '(' expr ')' | sqrt unary

    As in written maths, -3^2 is -(3^2) and 2^3^2 is 2^(3^2)."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.at = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise CalculationError("the expression ends too soon")
        self.at += 1
        return token

    def expr(self) -> float:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = value + self.term() if self.take() == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.unary()
        while self.peek() in ("*", "/", "%"):
            op, right = self.take(), self.unary()
            if op == "*":
                value *= right
            elif right == 0:
                raise CalculationError("division by zero")
            else:
                value = value / right if op == "/" else math.fmod(value, right)
        return value

    def power(self) -> float:
        base = self.atom()
        if self.peek() == "^":
            self.take()
            exponent = self.unary()
            if abs(exponent) > 1000 or (base == 0 and exponent < 0):
                raise CalculationError("that power is out of range")
            return float(base**exponent)
        return base

    def unary(self) -> float:
        if self.peek() == "-":
            self.take()
            return -self.unary()
        if self.peek() == "+":
            self.take()
            return self.unary()
        return self.power()

    def atom(self) -> float:
        token = self.take()
        if token == "(":
            value = self.expr()
            if self.take() != ")":
                raise CalculationError("a bracket is not closed")
            return value
        if token == "sqrt":
            value = self.unary()
            if value < 0:
                raise CalculationError("the square root of a negative number")
            return math.sqrt(value)
        try:
            return float(token)
        except ValueError:
            raise CalculationError(f"expected a number, found '{token}'") from None


def evaluate(expression: str) -> float:
    """The value of ``expression``, or CalculationError."""
    parser = _Parser(_tokens(expression))
    if not parser.tokens:
        raise CalculationError("the expression is empty")
    try:
        value = parser.expr()
    except OverflowError:
        raise CalculationError("the result is too large") from None
    if parser.peek() is not None:
        raise CalculationError(f"unexpected '{parser.peek()}'")
    if not math.isfinite(value) or abs(value) > LIMIT:
        raise CalculationError("the result is too large")
    return round(value, 10)


def _connect(db: Database) -> sqlite3.Connection:
    conn = db.connect()
    conn.execute(SCHEMA)
    return conn


def _row(row: Any) -> dict[str, Any]:
    return {"calculation_id": row["id"], "expression": row["expression"], "result": row["result"]}


def calculate(db: Database, expression: str) -> dict[str, Any]:
    try:
        result = evaluate(expression)
    except CalculationError as exc:
        raise Invalid(str(exc)) from exc
    with _connect(db) as conn:
        cursor = conn.execute(
            'INSERT INTO "calculations" (expression, result, created_at) VALUES (?, ?, ?)',
            (expression.strip(), result, datetime.now().isoformat(timespec="seconds")),
        )
        row = conn.execute('SELECT * FROM "calculations" WHERE id = ?', (cursor.lastrowid,)).fetchone()
    return _row(row)


def history(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    with _connect(db) as conn:
        rows = conn.execute('SELECT * FROM "calculations" ORDER BY id DESC LIMIT ?', (limit,)).fetchall()
    return [_row(r) for r in rows]
