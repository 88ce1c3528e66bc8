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

_ADMIN = obj(email=STR)
OWNER = blueprint(
    "owner", "owner", (View("admin", "Admin", "AdminView"),),
    op("post", "/api/admin/login", "admin_login", "Sign in as the owner",
       call="owner.login(db, body.email, body.password, http_request)",
       request=obj(email=text(254, 3), password=text(200, 1)), response=obj(email=STR, token=STR),
       description="The owner's account is made on first run from ADMIN_EMAIL and ADMIN_PASSWORD (the "
                   "environment or backend/.env); the token goes with `Authorization: Bearer`. 401 for a wrong "
                   "email or password, 429 with Retry-After after too many."),
    op("get", "/api/admin/me", "current_admin", "Whether the owner is signed in", call="owner.me(db, http_request)",
       response=_ADMIN),
    op("post", "/api/admin/logout", "admin_logout", "Sign the owner out", call="owner.logout(db, http_request)",
       response=_ADMIN),
    uses=("signin",),
)  # fmt: skip
"""The app's owner: the records (a shop's catalogue, the rooms to book) are theirs to change;
visitors read them and act through the kind's own operations."""
SIGNIN = blueprint("signin", None, ())
"""Password hashing and throttled sign-in, shared by accounts and the owner."""

_LINE = obj(product_id=INT, name=STR, quantity=INT, price=NUM, subtotal=NUM)
_ORDER = obj(order_id=INT, customer=STR, email=STR, total=NUM, placed_at=STR, lines=arr(_LINE))
_RECEIPT = obj(**_ORDER["properties"], order_token=STR)
SHOP = blueprint(
    "shop", "shop", (View("shop", "Shop", "ShopView"), View("orders", "Orders", "OrdersView")),
    op("post", "/api/shop/checkout", "checkout", "Place an order for the cart", creates=True,
       call="shop.checkout(db, body.customer, body.email, [(line.product_id, line.quantity) for line in body.lines], "
            "http_request)",
       request=obj(customer=text(80, 1), email=text(120, 3),
                   lines=arr(obj(product_id={"type": "integer", "minimum": 1}, quantity=between(1, 99)))),
       response=_RECEIPT,
       description="Prices come from the catalogue, never from the page; the total is computed on the server, "
                   "and the order, its lines and the stock decrements are one transaction. Too little stock "
                   "is refused with 409 and changes nothing; an unknown product is 404, one not for sale (no "
                   "price above 0) 409. The answer's order_token is the customer's key to the order."),
    op("get", "/api/shop/orders", "list_shop_orders", "The latest orders with their lines (the owner only)",
       call="shop.orders(db, http_request)", response=arr(_ORDER),
       description="Customers' names and emails: 401 unless the owner is signed in."),
    op("post", "/api/shop/orders/mine", "my_shop_orders", "The orders these receipts are for",
       call="shop.orders_by_token(db, body.order_tokens)",
       request=obj(order_tokens=arr(text(64, 16))), response=arr(_ORDER),
       description="Each order_token a checkout answered reads that order alone (50 at most); unknown tokens are "
                   "left out."),
    needs=("product",), uses=("owner",),
)  # fmt: skip

_BOOKING = obj(booking_id=INT, resource_id=INT, resource=STR, name=STR, starts_at=STR, ends_at=STR, seats=INT)
_WHEN = {"type": "string", "format": "date-time"}
BOOKING = blueprint(
    "booking", "booking", (View("calendar", "Calendar", "CalendarView"),),
    op("post", "/api/bookings", "book_slot", "Book a time slot", creates=True,
       call="booking.book(db, body.resource_id, body.name, body.starts_at, body.ends_at, http_request, body.seats)",
       request=obj("seats", resource_id={"type": "integer", "minimum": 1}, name=text(80, 1), starts_at=_WHEN,
                   ends_at=_WHEN, seats=between(1, 50)),
       response=obj(**_BOOKING["properties"], cancel_token=STR),
       description="A slot that overlaps another booking of the same resource is refused with 409 (for a thing "
                   "with seats, when the seats asked are more than are left); seats over what the thing takes "
                   "in one booking (a trip's seats, a table's party size) are 422; the end "
                   "must come after the start (else 422); an unknown resource is 404. The answer's "
                   "cancel_token is what cancels it."),
    op("get", "/api/bookings/availability", "booking_availability", "Seats left of one thing for a slot",
       call="booking.availability(db, resource_id, starts_at, ends_at)",
       query={"resource_id": {"type": "integer", "minimum": 1}, "starts_at": _WHEN, "ends_at": _WHEN},
       response=obj(resource_id=INT, capacity=INT, booked=INT, left=INT),
       description="A thing with seats (a trip, a class) counts the seats booked over the slot; one booked "
                   "whole (a room, a table) has capacity 1. An unknown thing is 404."),
    op("get", "/api/bookings/calendar", "booking_calendar", "Bookings in a range of days",
       call="booking.calendar(db, start, days)",
       query={"start": {"type": "string", "format": "date"}, "days": between(1, 42)}, response=arr(_BOOKING)),
    op("post", "/api/bookings/cancel", "cancel_booking", "Cancel a booking",
       call="booking.cancel(db, body.booking_id, body.cancel_token, http_request)",
       request=obj("cancel_token", booking_id={"type": "integer", "minimum": 1}, cancel_token=text(64)),
       response=_BOOKING,
       description="Only with the booking's cancel_token (or as the account that booked it, or as the owner): "
                   "403 otherwise, 404 for an unknown booking."),
    uses=("owner",),
)  # fmt: skip

SITE = blueprint("site", None, (View("home", "Home", "SiteView"),), needs=("message",))

DASHBOARD = blueprint(
    "dashboard", "dashboard", (View("dashboard", "Dashboard", "DashboardView"),),
    op("get", "/api/dashboard/summary", "dashboard_summary", "Summary cards: counts, totals and averages",
       call="dashboard.summary(db)",
       response=arr(obj(entity=STR, label=STR, measure=STR, count=INT, total=NUM, average=NUM,
                        measures=arr(obj(name=STR, total=NUM, average=NUM))))),
    op("get", "/api/dashboard/breakdown", "dashboard_breakdown", "Totals grouped by a field or by month",
       call="dashboard.breakdown(db, entity, by, measure)", query={"entity": STR, "by": STR, "measure": {"type": "string", "default": ""}},
       response=arr(obj(key=STR, count=INT, total=NUM)),
       description="`by` is one of the dimensions the summary lists for the entity, or `month`; others are 422."),
    op("get", "/api/dashboard/dimensions", "dashboard_dimensions", "What each entity can be grouped by",
       call="dashboard.dimensions()",
       response=arr(obj(entity=STR, label=STR, measure=STR, measures=arr(STR), columns=arr(STR), by=arr(STR)))),
    op("post", "/api/dashboard/import", "dashboard_import", "Import records from a CSV file", creates=True,
       call="dashboard.import_csv(db, body.entity, body.csv)",
       request=obj(entity=STR, csv={"type": "string", "maxLength": 4_000_000}), response=obj(entity=STR, imported=INT),
       description="The header names the entity's fields (any case, spaces or order); every row is checked "
                   "first and either all rows are added or none: 422 lists each bad row, 413 over 1 MB."),
    op("get", "/api/dashboard/export", "dashboard_export", "Export an entity's records as CSV",
       call="dashboard.export_csv(db, entity)", query={"entity": STR}, response=obj(filename=STR, csv=STR)),
)  # fmt: skip

UPLOADS = blueprint(
    "uploads", "uploads", (),
    op("post", "/api/uploads", "upload_image", "Upload an image", creates=True,
       call="uploads.save_image(db, http_request, body.filename, body.content_base64)",
       request=obj(filename=text(255, 1), content_base64={"type": "string", "minLength": 1, "maxLength": 3_000_000}),
       response=obj(url=STR, size=INT, content_type=STR, original_name=STR),
       description="PNG, JPEG, GIF or WebP (read from the bytes), at most 2 MB, stored on disk under a name the "
                   "server picks; served at the returned url, relative to the app. Others are 415, too large 413. "
                   "Each user (or client) keeps at most UPLOADS_PER_CLIENT files and UPLOAD_MB_PER_CLIENT MB "
                   "(429 and 413 past them), and the app UPLOAD_MB_TOTAL MB."),
)  # fmt: skip

_CREDENTIALS = obj(email=text(254, 3), password=text(200, 8))
_SESSION = obj(user_id=INT, email=STR, token=STR)
_USER = obj(user_id=INT, email=STR)
ACCOUNTS = blueprint(
    "accounts", "accounts", (),
    op("post", "/api/auth/register", "register", "Create an account", status=202,
       call="accounts.register(db, body.email, body.password, http_request)", request=_CREDENTIALS,
       response=obj(email=STR, detail=STR),
       description="The password is hashed with scrypt and a salt of its own. The answer is the same whether "
                   "or not the email was taken (nobody learns who has an account); then sign in. 429 with "
                   "Retry-After past REGISTRATIONS_PER_CLIENT an hour."),
    op("post", "/api/auth/login", "login", "Sign in", call="accounts.login(db, body.email, body.password, http_request)",
       request=_CREDENTIALS, response=_SESSION,
       description="A session token for `Authorization: Bearer`; 401 for a wrong email or password, 429 with "
                   "Retry-After after LOGIN_FAILURES_PER_ACCOUNT failures for one email or "
                   "LOGIN_FAILURES_PER_CLIENT from one client (in LOGIN_WINDOW_SECONDS)."),
    op("get", "/api/auth/me", "current_user", "Who is signed in", call="accounts.user_of(db, http_request)",
       response=_USER),
    op("post", "/api/auth/logout", "logout", "Sign out (the token stops working)",
       call="accounts.logout(db, http_request)", response=_USER),
    uses=("signin",),
)  # fmt: skip

BUSINESS = (SHOP, BOOKING, SITE, DASHBOARD)
FEATURES = {"image_upload": UPLOADS, "accounts": ACCOUNTS}
"""Blueprints a feature adds to any kind ("photos you can upload")."""
RULES = blueprint("rules", None, ())
"""The errors a kind's rules raise (``app/rules.py``), answered by the web layer with their status."""
GAME_PLUMBING = blueprint("games", None, ())
"""What every game keeps the same way (``app/games.py``: its table, a new game for a named player,
loading one, refusing a move once it has ended, the leaderboard) and the leaderboard's view piece."""
SHARED = {"owner": OWNER, "signin": SIGNIN, "rules": RULES, "accounts": ACCOUNTS, "games": GAME_PLUMBING}
"""Blueprints that kinds and features use (``uses``), never asked for by name."""
