"""The words the offline extractor knows: filler around a request, words that are not things,
words that name an app rather than its data, and the patterns that find lists and names."""

from __future__ import annotations

import re

FILLER = re.compile(
    r"^\s*(?:(?:please|pls|can|could|would|you|i|we|want|need|would like|like|to|help|me|us|"
    r"build|make|create|generate|write|code|design|develop|give|set up|setup|an?|the|simple|small|"
    r"basic|quick|tiny|little|nice|modern|full[- ]?stack|web|my|our)\b[\s,]*)+",
    re.IGNORECASE,
)
STOP = {
    "a", "an", "the", "app", "apps", "application", "web", "website", "site", "webapp", "tool", "system",
    "platform", "dashboard", "manager", "management", "tracker", "tracking", "organizer", "organiser",
    "for", "to", "of", "my", "our", "with", "and", "or", "that", "which", "where", "who", "in", "on", "by",
    "simple", "small", "basic", "build", "make", "create", "me", "please", "i", "we", "want", "need",
    "track", "manage", "keep", "store", "list", "log", "handle", "help", "some", "all", "new", "lets",
    "let", "can", "users", "user", "people", "things", "stuff", "using", "react", "fastapi", "python",
    "full", "stack", "frontend", "backend", "api", "crud", "like", "it", "is", "are", "be", "also",
    "organize", "organise", "organizing", "manages", "tracks", "planner", "catalog", "catalogue", "personal",
    "collect", "collecting", "record", "keeping", "about", "from", "into", "each", "every", "your", "their",
}  # fmt: skip
SCRAP_WORDS = {
    "somethin", "sumthin", "something", "stuff", "alot", "ok", "okay", "k", "lol", "pls", "plz",
    "thx", "u", "ur", "wanna", "gotta", "gonna", "lemme", "kinda", "sorta", "able", "just", "really", "very",
    "basically", "mostly", "actually", "literally", "quickly", "simply", "maybe", "etc",
    "anyway", "anyways", "tho", "though", "idk", "btw", "im", "ive", "dont", "cant",
}  # fmt: skip
"""Words of a casual sentence that name nothing kept: fillers and intensifiers ("stuff", "alot",
"really"), clipped or typo'd function words ("somethin", "wanna", "u", "pls", "im"), answers ("ok",
"lol") and the "able" of "be able to". A thing or a field is a noun phrase, so none of these is
ever in its name (kept_things.py reads names with it; the field readers may too)."""
LIST_FILLER = {
    "a",
    "an",
    "the",
    "their",
    "its",
    "his",
    "her",
    "some",
    "my",
    "our",
    "your",
    "with",
    "of",
    "for",
    "all",
    "any",
    "several",
    "many",
    "multiple",
    "various",
    "different",
}
COLLECTIVE = {"fleet", "collection", "catalog", "catalogue", "list", "set", "group", "database", "portfolio",
               "archive", "registry", "log", "inventory", "library"}  # fmt: skip
APP_WORDS = {
    "manager",
    "tracker",
    "planner",
    "organizer",
    "organiser",
    "log",
    "catalog",
    "app",
    "hub",
    "book",
}
ENTITY_LIST = re.compile(
    r"\b(?:track(?:s|ing)?|lists|listing|manag(?:e|es|ing)|stor(?:e|es|ing)|organi[sz](?:e|es|ing)|"
    r"log(?:s|ging)?\s+(?:my|our|the|all)|keep(?:s|ing)?\s+track\s+of|catalog(?:ue)?s?|of|for|with)\s+([a-z0-9 ,'-]+?)(?=$|[.;:!?]|\b(?:where|which|that|so|who|having|has|have|including)\b)"
)
HAS_FIELDS = re.compile(
    r"\b([a-z]+(?:\s[a-z]+)?)\s+(?:have|has|having|with|contain|contains|include|includes|should\s+have|need)\s+"
    r"(?:an?\s+|the\s+)?([a-z0-9 ,'-]+?)(?=$|[.;:!?]|\b(?:where|which|that|so)\b)"
)
CALLED = re.compile(
    # "called out", "named after": a verb's particle, never a name
    r"\b(?:called|named|titled)\s+(?!(?:out|up|off|back|after|in|on|by|for)\b)[\"']?([A-Za-z0-9][A-Za-z0-9 '&-]{1,40}?)[\"']?(?=$|[.,;!?]|\s+(?:with|where|for|that)\b)"
)

FEATURE_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bsearch(able|ing)?\b|\bfind\b", "search"),
    (r"\bfilter(s|ing|able)?\b|\bsort(ing)?\b", "filtering"),
    (r"\bdue[\s-]?dates?\b|\bdeadlines?\b", "due_dates"),
    (r"\btags?\b|\blabels?\b", "tags"),
    (r"\b(monthly|per[\s-]month)\s+(totals?|summar(y|ies)|reports?|breakdown|spending)\b|\btotals?\s+(per|by)\s+month\b|\bstatistics\b|\bstats\b", "monthly_totals"),
    (r"\b(mark(ed)?\s+(as\s+)?(done|complete|completed)|complet(e|ed|ion)|check(ed)?\s+off|done)\b", "completion_toggle"),
    (r"\b(image|photo|picture)s?\s+uploads?\b|\bupload(s|ing|ed)?\s+(an?\s+|their\s+|my\s+)?(images?|photos?|pictures?)\b|\b(images?|photos?|pictures?)\s+(they|you|i|users|people)\s+(can\s+)?upload\b", "image_upload"),
    (r"\b(sign[\s-]?(up|in)|log[\s-]?in|register|registration|user\s+accounts?|accounts?\s+for\s+users|their\s+own\s+accounts?|each\s+user\s+(sees|has)|multi[\s-]?user)\b", "accounts"),
)  # fmt: skip

# Words in a "with …" list that mean a field of the main entity, not a new entity.
FIELD_WORDS: dict[str, str] = {
    "due date": "due_date:date", "due dates": "due_date:date", "deadline": "due_date:date", "deadlines": "due_date:date",
    "tag": "tags:tags", "tags": "tags:tags", "label": "tags:tags", "labels": "tags:tags",
    "priority": "priority:string[low|medium|high]", "priorities": "priority:string[low|medium|high]",
    "rating": "rating:integer", "ratings": "rating:integer", "stars": "rating:integer",
    "note": "notes:text", "notes": "notes:text", "comments": "notes:text",
    "photo": "image_url:url", "photos": "image_url:url", "image": "image_url:url", "images": "image_url:url", "picture": "image_url:url",
    "price": "price:number", "prices": "price:number", "cost": "cost:number", "costs": "cost:number",
    "location": "location:string", "locations": "location:string", "address": "address:string",
    "status": "status:string[todo|in_progress|done]", "statuses": "status:string[todo|in_progress|done]",
    "description": "description:text", "descriptions": "description:text",
    "email": "email:email", "emails": "email:email", "phone": "phone:string", "phone number": "phone:string",
    "url": "url:url", "urls": "url:url", "link": "url:url", "links": "url:url", "website": "website:url",
    "quantity": "quantity:integer", "quantities": "quantity:integer", "amount": "amount:number", "amounts": "amount:number",
    "ingredients": "ingredients:text", "instructions": "instructions:text", "steps": "instructions:text",
    "duration": "duration_minutes:integer", "servings": "servings:integer", "calories": "calories:integer",
    "completion": "done:boolean", "completion status": "done:boolean", "done": "done:boolean", "completed": "done:boolean",
    "reminder": "remind_at:datetime", "reminders": "remind_at:datetime", "start date": "starts_on:date", "end date": "ends_on:date",
    "budget": "budget:number", "budgets": "budget:number", "author": "author:string", "authors": "author:string",
}  # fmt: skip
NOT_FIELDS = {"search", "filtering", "filter", "filters", "sorting", "monthly totals", "totals", "statistics", "stats",
               "search and filtering", "ability", "support", "ui", "nice ui", "dark mode", "pagination",
               # a shop's own machinery, never a thing or a field ("with a cart and checkout": no library loans)
               "cart", "carts", "basket", "baskets", "checkout", "checkouts"}  # fmt: skip

SOFTWARE_WORDS = {"app", "application", "tool", "site", "website", "web", "system", "platform", "software",
                  "program", "portal", "service", "page", "thing", "something", "tracker", "manager", "planner", "organiser",
                  "organizer", "log", "hub", "book", "diary", "journal", "board", "clone", "trainer", "game",
                  "list", "helper", "assistant", "companion", "dashboard", "generator", "calculator", "timer"}  # fmt: skip
"""Words for the software itself: "a car rental *app*" is about car rental; details said of "a
sleep tracker" are the app's own thing's."""
