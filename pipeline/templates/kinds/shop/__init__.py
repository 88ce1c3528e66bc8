"""An online shop: the owner's catalogue, a cart, and a checkout that prices on the server and takes
the stock in one transaction."""

from __future__ import annotations

from pipeline.templates.blueprint import (
    INT,
    NUM,
    STR,
    Cue,
    KindDefinition,
    View,
    arr,
    between,
    blueprint,
    obj,
    op,
    text,
)

_LINE = obj(product_id=INT, name=STR, quantity=INT, price=NUM, subtotal=NUM)
_ORDER = obj(order_id=INT, customer=STR, email=STR, total=NUM, placed_at=STR, lines=arr(_LINE))
_RECEIPT = obj(**_ORDER["properties"], order_token=STR)
BLUEPRINT = blueprint(
    "shop", "shop", (View("shop", "Shop", "ShopView"), View("orders", "Orders", "OrdersView")),
    op("post", "/api/shop/checkout", "checkout", "Place an order for the cart", creates=True,
       handler="place_order",
       request=obj(customer=text(80, 1), email=text(120, 3),
                   lines=arr(obj(product_id={"type": "integer", "minimum": 1}, quantity=between(1, 99)))),
       response=_RECEIPT,
       description="Prices come from the catalogue, never from the page; the total is computed on the server, "
                   "and the order, its lines and the stock decrements are one transaction. Too little stock "
                   "is refused with 409 and changes nothing; an unknown product is 404, one not for sale (no "
                   "price above 0) 409. The answer's order_token is the customer's key to the order."),
    op("get", "/api/shop/orders", "list_shop_orders", "The latest orders with their lines (the owner only)",
       handler="orders", response=arr(_ORDER),
       description="Customers' names and emails: 401 unless the owner is signed in."),
    op("post", "/api/shop/orders/mine", "my_shop_orders", "The orders these receipts are for",
       handler="orders_by_token",
       request=obj(order_tokens=arr(text(64, 16))), response=arr(_ORDER),
       description="Each order_token a checkout answered reads that order alone (50 at most); unknown tokens are "
                   "left out."),
    needs=("product",), uses=("owner",),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="shop",
    priority=210,
    cues=(
        Cue(r"\b(online|web|my|our|a|an|the|little|small|clothing|book|pet|coffee|gift|plant|toy|shoe|grocery)\s+(shop|store)\b|\b(e-?commerce|storefront|webshop|boutique|bookstore|bookshop|giftshop)\b|\bmarketplace\b(?=.*\b(buy|buys|buyers?|purchase|purchases|sell|sells|sellers?|shop)\b)|\bshopping\s+cart\b|\bcheck\s*out\b|\b(customer|online|purchase|sales|food)\s+orders?\b|\borders?\s+(management|tracking|system)\b|\b(sell(s|ing)?|buy|order|purchase)\b.*\bonline\b|\bplace\s+orders?\b|\bsell(s|ing)?\s+(\w+\s+)?tickets\b|\border\s+(\w+\s+)?(ahead|for\s+pickup|for\s+delivery|to\s+go)\b|\bpre-?orders?\b|\b(people|customers|users|visitors|shoppers|buyers)\s+(can\s+)?(buy|purchase|order)\b", "Shop", ("product",)),
    ),
    blueprint=BLUEPRINT,
    prompt="shop (products, cart, checkout with stock)",
    prompt_group="business",
    does=("order", "buy", "sell", "purchase", "check", "pay"),
)  # fmt: skip
