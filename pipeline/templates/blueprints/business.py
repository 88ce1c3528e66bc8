"""Shops, bookings, sites and dashboards: the rules that make them more than lists."""

from __future__ import annotations

from pipeline.templates.blueprints.types import (
    INT,
    NUM,
    STR,
    View,
    arr,
    between,
    blueprint,
    obj,
    op,
    text,
)  # fmt: skip

_LINE = obj(product_id=INT, name=STR, quantity=INT, price=NUM, subtotal=NUM)
_ORDER = obj(order_id=INT, customer=STR, email=STR, total=NUM, placed_at=STR, lines=arr(_LINE))
SHOP = blueprint(
    "shop", "shop", (View("shop", "Shop", "ShopView"), View("orders", "Orders", "OrdersView")),
    op("post", "/api/shop/checkout", "checkout", "Place an order for the cart", creates=True,
       call="shop.checkout(db, body.customer, body.email, [(line.product_id, line.quantity) for line in body.lines])",
       request=obj(customer=text(80, 1), email=text(120, 3),
                   lines=arr(obj(product_id={"type": "integer", "minimum": 1}, quantity=between(1, 99)))),
       response=_ORDER,
       description="Prices come from the catalogue, never from the page; the total is computed on the server, "
                   "and the order, its lines and the stock decrements are one transaction. Too little stock "
                   "is refused with 409 and changes nothing; an unknown product is 404."),
    op("get", "/api/shop/orders", "list_shop_orders", "The latest orders with their lines",
       call="shop.orders(db)", response=arr(_ORDER)),
    needs=("product",),
)  # fmt: skip

_BOOKING = obj(booking_id=INT, resource_id=INT, resource=STR, name=STR, starts_at=STR, ends_at=STR)
BOOKING = blueprint(
    "booking", "booking", (View("calendar", "Calendar", "CalendarView"),),
    op("post", "/api/bookings", "book_slot", "Book a time slot", creates=True,
       call="booking.book(db, body.resource_id, body.name, body.starts_at, body.ends_at)",
       request=obj(resource_id={"type": "integer", "minimum": 1}, name=text(80, 1),
                   starts_at={"type": "string", "format": "date-time"},
                   ends_at={"type": "string", "format": "date-time"}),
       response=_BOOKING,
       description="A slot that overlaps another booking of the same resource is refused with 409; the end "
                   "must come after the start (else 422); an unknown resource is 404."),
    op("get", "/api/bookings/calendar", "booking_calendar", "Bookings in a range of days",
       call="booking.calendar(db, start, days)",
       query={"start": {"type": "string", "format": "date"}, "days": between(1, 42)}, response=arr(_BOOKING)),
    op("post", "/api/bookings/cancel", "cancel_booking", "Cancel a booking",
       call="booking.cancel(db, body.booking_id)", request=obj(booking_id={"type": "integer", "minimum": 1}),
       response=_BOOKING),
)  # fmt: skip

SITE = blueprint("site", None, (View("home", "Home", "SiteView"),), needs=("message",))

DASHBOARD = blueprint(
    "dashboard", "dashboard", (View("dashboard", "Dashboard", "DashboardView"),),
    op("get", "/api/dashboard/summary", "dashboard_summary", "Summary cards: counts, totals and averages",
       call="dashboard.summary(db)",
       response=arr(obj(entity=STR, label=STR, measure=STR, count=INT, total=NUM, average=NUM))),
    op("get", "/api/dashboard/breakdown", "dashboard_breakdown", "Totals grouped by a field or by month",
       call="dashboard.breakdown(db, entity, by)", query={"entity": STR, "by": STR},
       response=arr(obj(key=STR, count=INT, total=NUM)),
       description="`by` is one of the dimensions the summary lists for the entity, or `month`; others are 422."),
    op("get", "/api/dashboard/dimensions", "dashboard_dimensions", "What each entity can be grouped by",
       call="dashboard.dimensions()", response=arr(obj(entity=STR, label=STR, measure=STR, by=arr(STR)))),
)  # fmt: skip

UPLOADS = blueprint(
    "uploads", "uploads", (),
    op("post", "/api/uploads", "upload_image", "Upload an image", creates=True,
       call="uploads.save_image(body.filename, body.content_base64)",
       request=obj(filename=text(255, 1), content_base64={"type": "string", "minLength": 1, "maxLength": 3_000_000}),
       response=obj(url=STR, size=INT, content_type=STR, original_name=STR),
       description="PNG, JPEG, GIF or WebP (read from the bytes), at most 2 MB, stored on disk under a name the "
                   "server picks; served at the returned url, relative to the app. Others are 415, too large 413."),
)  # fmt: skip

_CREDENTIALS = obj(email=text(254, 3), password=text(200, 8))
_SESSION = obj(user_id=INT, email=STR, token=STR)
_USER = obj(user_id=INT, email=STR)
ACCOUNTS = blueprint(
    "accounts", "accounts", (),
    op("post", "/api/auth/register", "register", "Create an account and sign in", creates=True,
       call="accounts.register(db, body.email, body.password)", request=_CREDENTIALS, response=_SESSION,
       description="The password is hashed with scrypt and a salt of its own; 409 for an email already taken."),
    op("post", "/api/auth/login", "login", "Sign in", call="accounts.login(db, body.email, body.password)",
       request=_CREDENTIALS, response=_SESSION,
       description="A session token for `Authorization: Bearer`; 401 for a wrong email or password."),
    op("get", "/api/auth/me", "current_user", "Who is signed in", call="accounts.user_of(db, http_request)",
       response=_USER),
    op("post", "/api/auth/logout", "logout", "Sign out (the token stops working)",
       call="accounts.logout(db, http_request)", response=_USER),
)  # fmt: skip

BUSINESS = (SHOP, BOOKING, SITE, DASHBOARD)
FEATURES = {"image_upload": UPLOADS, "accounts": ACCOUNTS}
"""Blueprints a feature adds to any kind ("photos you can upload")."""
