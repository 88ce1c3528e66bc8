"""What the offline path knows about apps people ask for.

``NOUNS`` describes things a request may name (a book, a loan, an expense) as the fields a
person would expect them to have. ``KINDS`` maps the words of a request to a known kind of
app: its name, its entities, its features. Field specs are a compact notation:

    name:type!          required field            title:string!
    name:type[a|b|c]    choice among values       priority:string[low|medium|high]
    name:reference(x)   link to entity x          category_id:reference(category)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.artifacts import EntityField, FieldType

NOUNS: dict[str, list[str]] = {
    "todo": [
        "title:string!",
        "notes:text",
        "done:boolean",
        "due_date:date",
        "priority:string[low|medium|high]",
        "tags:tags",
    ],
    "task": [
        "title:string!",
        "description:text",
        "done:boolean",
        "due_date:date",
        "priority:string[low|medium|high]",
        "project_id:reference(project)",
    ],
    "recipe": [
        "title:string!",
        "description:text",
        "ingredients:text!",
        "instructions:text",
        "cooking_time:integer",
        "servings:integer",
        "tags:tags",
    ],
    "expense": [
        "description:string!",
        "amount:number!",
        "spent_on:date!",
        "category_id:reference(category)",
        "notes:text",
    ],
    "income": ["source:string!", "amount:number!", "received_on:date!", "notes:text"],
    "category": ["name:string!", "description:text"],
    "book": ["title:string!", "author:string!", "isbn:string", "published_year:integer", "genre:string"],
    "member": ["name:string!", "email:email!", "phone:string", "joined_on:date"],
    "player": ["name:string!", "nickname:string", "joined_on:date"],
    "participant": ["name:string!", "email:email", "group_name:string"],
    # a game's people: not "player", which every game already uses for the name a game stores
    "profile": ["name:string!", "nickname:string", "joined_on:date"],
    "conversion": ["label:string!", "value:number!", "from_unit:string!", "to_unit:string!", "notes:text"],
    "loan": [
        "book_id:reference(book)!",
        "member_id:reference(member)!",
        "loaned_on:date!",
        "due_date:date!",
        "returned:boolean",
    ],
    "note": ["title:string!", "content:text", "pinned:boolean", "tags:tags"],
    "post": [
        "title:string!",
        "body:text!",
        "author:string",
        "published:boolean",
        "published_on:date",
        "tags:tags",
    ],
    "comment": ["post_id:reference(post)!", "author:string!", "body:text!"],
    "reply": ["comment_id:reference(comment)!", "author:string!", "body:text!"],
    "contact": [
        "name:string!",
        "email:email",
        "phone:string",
        "company:string",
        "birthday:date",
        "notes:text",
    ],
    "product": [
        "name:string!",
        "sku:string",
        "price:number!",
        "quantity:integer!",
        "reorder_level:integer",
        "supplier_id:reference(supplier)",
    ],
    "supplier": ["name:string!", "email:email", "phone:string"],
    "customer": ["name:string!", "email:email", "phone:string", "company:string"],
    "deal": [
        "title:string!",
        "customer_id:reference(customer)!",
        "value:number",
        "stage:string[lead|qualified|proposal|won|lost]",
        "close_date:date",
    ],
    "order": [
        "customer_id:reference(customer)!",
        "ordered_on:date!",
        "total:number!",
        "status:string[pending|paid|shipped|delivered]",
    ],
    "bookmark": ["title:string!", "url:url!", "description:text", "tags:tags"],
    "habit": ["name:string!", "description:text", "frequency:string[daily|weekly|monthly]", "active:boolean"],
    "checkin": ["habit_id:reference(habit)!", "done_on:date!", "note:text"],
    "workout": [
        "name:string!",
        "performed_on:date!",
        "duration_minutes:integer",
        "calories:integer",
        "notes:text",
    ],
    "exercise": [
        "workout_id:reference(workout)!",
        "name:string!",
        "sets:integer",
        "reps:integer",
        "weight:number",
    ],
    "movie": [
        "title:string!",
        "director:string",
        "release_year:integer",
        "genre:string",
        "rating:integer",
        "watched:boolean",
    ],
    "event": [
        "title:string!",
        "starts_at:datetime!",
        "ends_at:datetime",
        "location:string",
        "description:text",
    ],
    "project": ["name:string!", "description:text", "status:string[planned|active|done]", "due_date:date"],
    "issue": [
        "title:string!",
        "description:text",
        "status:string[open|in_progress|closed]",
        "priority:string[low|medium|high]",
        "project_id:reference(project)",
        "assignee:string",
    ],
    "student": ["name:string!", "email:email", "enrolled_on:date"],
    "course": ["title:string!", "code:string!", "credits:integer"],
    "grade": [
        "student_id:reference(student)!",
        "course_id:reference(course)!",
        "score:number!",
        "graded_on:date",
    ],
    "employee": [
        "name:string!",
        "email:email!",
        "role:string",
        "department:string",
        "hired_on:date",
        "salary:number",
    ],
    "application": [
        "company:string!",
        "position:string!",
        "status:string[applied|interview|offer|rejected]",
        "applied_on:date",
        "salary:number",
        "notes:text",
    ],
    "journal_entry": [
        "title:string!",
        "content:text!",
        "mood:string[great|good|okay|bad]",
        "written_on:date!",
    ],
    "shopping_item": ["name:string!", "quantity:integer", "bought:boolean", "store:string"],
    "flashcard": ["front:string!", "back:text!", "deck:string", "learned:boolean"],
    "client": ["name:string!", "email:email", "company:string"],
    "invoice": [
        "number:string!",
        "client_id:reference(client)!",
        "amount:number!",
        "issued_on:date!",
        "due_date:date",
        "paid:boolean",
    ],
    "pet": ["name:string!", "species:string!", "breed:string", "birthday:date"],
    "vet_visit": ["pet_id:reference(pet)!", "visited_on:date!", "reason:string!", "cost:number"],
    "plant": [
        "name:string!",
        "species:string",
        "location:string",
        "last_watered:date",
        "water_every_days:integer",
    ],
    "playlist": ["name:string!", "description:text"],
    "song": [
        "title:string!",
        "artist:string!",
        "album:string",
        "duration_seconds:integer",
        "playlist_id:reference(playlist)",
    ],
    "trip": ["destination:string!", "starts_on:date!", "ends_on:date", "budget:number", "notes:text"],
    "meal": [
        "name:string!",
        "meal_type:string[breakfast|lunch|dinner|snack]",
        "planned_on:date!",
        "calories:integer",
    ],
    "time_entry": [
        "description:string!",
        "project:string",
        "started_at:datetime!",
        "minutes:integer!",
        "billable:boolean",
    ],
    "room": ["number:string!", "room_type:string[single|double|suite]", "price_per_night:number!"],
    "booking": ["room_id:reference(room)!", "guest_name:string!", "check_in:date!", "check_out:date!"],
    "menu_item": [
        "name:string!",
        "price:number!",
        "description:text",
        "course:string[starter|main|dessert|drink]",
        "available:boolean",
    ],
    "vehicle": ["make:string!", "model:string!", "year:integer", "mileage:integer", "plate:string"],
    "service_record": [
        "vehicle_id:reference(vehicle)!",
        "serviced_on:date!",
        "description:string!",
        "cost:number",
    ],
    "patient": ["name:string!", "birthday:date", "phone:string"],
    "appointment": [
        "patient_id:reference(patient)!",
        "scheduled_at:datetime!",
        "reason:string",
        "status:string[scheduled|done|cancelled]",
    ],
    "sale": [
        "item:string!",
        "amount:number!",
        "sold_on:date!",
        "category:string",
        "region:string",
        "status:string[pending|paid|refunded]",
    ],
    "resource": ["name:string!", "description:text", "location:string", "capacity:integer"],
    "message": ["name:string!", "email:email!", "body:text!"],
    "goal": ["title:string!", "description:text", "target_date:date", "progress:integer", "achieved:boolean"],
}

# Other words a request uses for a noun above.
SYNONYMS: dict[str, str] = {
    "to_do": "todo", "todos": "todo", "chore": "todo", "errand": "todo", "ticket": "issue", "bug": "issue",
    "spending": "expense", "purchase": "expense", "transaction": "expense", "borrower": "member",
    "patron": "member", "borrowing": "loan", "checkout": "loan", "article": "post", "entry": "journal_entry",
    "diary": "journal_entry", "card": "flashcard", "staff": "employee", "item": "product", "film": "movie",
    "meeting": "event", "dish": "menu_item", "car": "vehicle", "track": "song", "grocery": "shopping_item",
    "visit": "vet_visit", "replies": "reply", "answer": "reply", "lead": "customer", "job": "application",
    "member_of": "member", "categories": "category", "workout_session": "workout", "check_in": "checkin",
}  # fmt: skip


# Words that ask for charts and aggregates over whatever the app keeps.
DASHBOARD = re.compile(r"\b(dashboards?|analytics|charts?|graphs?|kpis?|visuali[sz](e|ation)s?)\b")


@dataclass(frozen=True)
class Kind:
    """A known kind of app: the words that name it and what it is made of."""

    key: str
    pattern: str
    app_name: str
    entities: tuple[str, ...]
    features: tuple[str, ...] = ()


KINDS: tuple[Kind, ...] = (
    # kinds with rules of their own (blueprints): games, tools, shops, bookings, sites
    Kind("chess", r"\bchess\b(?!\s+(?:clubs?|tournaments?|leagues?|federations?|coach(?:es|ing)?|lessons?|classes|schools?|camps?|clocks?|timers?|players?\s+(?:directory|list)))", "Chess", ("profile",)),
    Kind("game_2048", r"\b2048\b|\b(?:slid(?:e|es|ing)|swip(?:e|es|ing))\s+(?:number(?:ed)?\s+)?tiles?\b[^.]*\b(?:merg|combin|join|add)\w*|\bmerg(?:e|es|ing)\s+(?:number(?:ed)?\s+)?tiles\b|\bnumber\s+tiles?\s+(?:that\s+)?merg", "2048", ("profile",)),
    # any card game asks for cards: blackjack is the one we deal (fit names another game as unmet)
    Kind("blackjack", r"\bblack\s*jack\b|\b21\s+card\s+games?\b|\btwenty[\s-]*one\s+card\s+games?\b|(?<!memory\s)(?<!matching\s)(?<!flip\s)(?<!flipping\s)(?<!trading\s)(?<!collectible\s)\bcard\s+games?\b", "Blackjack", ("profile",)),
    Kind("poll", r"\bpoll(?:s|ing)?\b|\b(?:up)?vot(?:e|es|ing)\b|\bballots?\b|\bcast\s+(?:their|your|his|her|my|our|a)\s+votes?\b|\belections?\b", "Polls", ("participant",)),
    # postings one person makes and others answer: never one person's own tracker ("track my job applications")
    Kind("board", r"\bjob\s*boards?\b|\b(?:recruit(?:ment|ing)?|hiring)\s+(?:platform|site|website|portal|app|board|agency)\b|\bfreelanc\w*\s+(?:marketplace|platform|site|board)\b|\b(?:post|posts|list|lists|publish|publishes)\s+(?:\w+\s+){0,3}?(?:jobs?|openings?|vacanc\w+|internships?|placements?|shifts?|projects?|gigs?|lessons?|listings?|roles?|positions?)\b(?=[^.;]*?\b(?:and|while)\b[^.;]*?\b(?:apply|applies|bid|bids|make\s+offers|send\s+offers)\b)|\b(?:candidates|applicants|students|freelancers|job\s*seekers)\s+(?:can\s+|to\s+)?(?:apply|bid)\b|\bmarketplace\b(?=[^.;]*\b(?:make|makes|send|sends)\s+offers\b)|\bbuyers\s+(?:can\s+)?(?:make|send)\s+offers\b|\btutor(?:ing|s)?\b(?=[^.;]*\bappl(?:y|ies|ications?)\b)", "Job Board", ("member",), ("accounts",)),
    # messages between signed-in people, two or a group: never a contact form, an email reminder or notifications
    Kind("messages", r"\bchat(?:s|ting)?\s+(?:between|with|among)\s+(?:\w+\s+)?(?:users|members|people|friends|neighbou?rs|each\s+other)\b|\bgroup\s+(?:chats?|chatting|messag\w*|conversations?)\b|\bchat\s*rooms?\b|\bchat\b[^.;]*?\bchannels?\b|\bchannels?\b[^.;]*?\bchat\b|\bdirect\s+messag\w*|\bprivate\s+messages?\b|\bmessaging\s+(?:app|platform|site|website|service|tool)\b|\bchat\s+app\b|\b(?:send|sends|exchange|exchanges)\s+(?:an?\s+)?(?:private\s+|direct\s+)?messages?\s+(?:to|with)\s+(?:other|each|one\s+another)\b|\bmessage\s+(?:each\s+other|one\s+another|other\s+(?:users|members|people|neighbou?rs))\b", "Messages", ("member",), ("accounts",)),
    Kind("connect_four", r"\bconnect[\s-]*(four|4)\b|\bfour\s+in\s+a\s+row\b", "Connect Four", ("profile",)),
    Kind("memory", r"\bmemory\s*(game|match(ing)?|cards?|puzzle)\b|\bmatch(ing)?\s+(the\s+)?(pairs|cards|tiles)\b|\bconcentration\s+game\b|\bpairs\s+game\b|\bcard[\s-]*(flip|flipping|matching)\b", "Memory", ("profile",)),
    Kind("sliding", r"\bslid(ing|e)\s*(tiles?|puzzles?|blocks?)\b|\b(15|fifteen|8|eight)[\s-]*puzzle\b|\btile\s+puzzle\b", "Sliding Puzzle", ("profile",)),
    Kind("word_game", r"\bwordle\b|\bword\s*(guess(ing)?|puzzle)?\s*games?\b|\bguess\s+the\s+word\b|\bhangman\b|\bword\s+guess", "Word Game", ("profile",)),
    Kind("snake", r"\bsnake\b|\barcade\s+game\b", "Snake", ("profile",)),
    Kind("quiz", r"\bquiz(zes|z?ing)?\b|\btrivia\b", "Quiz", ("profile",)),
    Kind("dice", r"\bdice\b|\bdie\s+roll(er|ing)?\b|\bd(4|6|8|10|12|20|100)s?\b", "Dice Roller", ("profile",)),
    Kind("unit_converter", r"\b(unit|measurement|metric|currency-free)?\s*convert(er|ing|s)?\b.*\b(units?|lengths?|weights?|mass|temperatures?|volumes?|km|miles?|celsius|fahrenheit|kg|pounds?)\b|\bunits?\s+convert", "Unit Converter", ("conversion",)),
    Kind("tic_tac_toe", r"\btic[\s-]*tac[\s-]*toe\b|\bnoughts\s+and\s+crosses\b|\bx\s*(and|&)\s*o\b", "Tic-Tac-Toe", ("profile",)),
    Kind("calculator", r"\bcalculators?\b|\barithmetic\b", "Calculator", ("note",)),
    Kind("timer", r"\bfocus\s+(sessions?|timer)\b|\bpomodoro\b|\bstop\s*watch(es)?\b|\btimers?\b|\bcount\s*down\b", "Focus Timer", ("task",)),
    Kind("generator", r"\bpasswords?\s+(generator|maker|creator)\b|\bgenerat(e|es|or|ing)\s+(strong\s+|random\s+|secure\s+)*(passwords?|numbers?)\b|\brandom\s+(number|password)s?\b|\blottery\s+numbers?\b", "Generator", ("note",)),
    Kind("booking", r"\b(hotel|room\s+bookings?|rooms?\s+reservations?|rooms?\s+rentals?)\b|\brent(al|ing)?\s+(a\s+)?rooms?\b|\bbook\s+nights?\b", "Room Bookings", ("room",)),
    Kind("booking", r"\bbookings?\b|\breservations?\b|\breserv(e|ing)\b|\b(time\s*)?slots?\b|\bbook\s+(a|an|the)\b|\bbook\s+(tables?|seats?|courts?|sessions?|lessons?|classes|slots?|appointments?|shifts?)\b|\btutor(s|ing)?\b|\bschedul(e|ing|er)\b.*\b(rooms?|courts?|desks?|appointments?|sessions?|lessons?|classes)\b", "Bookings", ("resource",)),
    Kind("site", r"\b(landing|brochure|portfolio|personal|company|business|agency|marketing)\s+(page|site|website)\b|\bportfolio\b|\blanding\s+page\b|\bhome\s*page\b|\b(web)?site\s+for\s+(my|our|a|an)\s+(\w+\s+)?(bakery|restaurant|cafe|studio|salon|business|company|agency|band|firm|practice|gym|school|church|startup|photographer|designer|consultancy|hotel|clinic|hospital|charity|museum|nonprofit|theatre|theater)\b", "Website", ("message",)),
    Kind("shop", r"\b(online|web|my|our|a|an|the|little|small|clothing|book|pet|coffee|gift|plant|toy|shoe|grocery)\s+(shop|store)\b|\b(e-?commerce|storefront|webshop|boutique|bookstore|bookshop|giftshop)\b|\bmarketplace\b(?=.*\b(buy|buys|buyers?|purchase|purchases|sell|sells|sellers?|shop)\b)|\bshopping\s+cart\b|\bcheck\s*out\b|\b(customer|online|purchase|sales|food)\s+orders?\b|\borders?\s+(management|tracking|system)\b|\b(sell(s|ing)?|buy|order|purchase)\b.*\bonline\b|\bplace\s+orders?\b|\bsell(s|ing)?\s+(\w+\s+)?tickets\b|\border\s+(\w+\s+)?(ahead|for\s+pickup|for\s+delivery|to\s+go)\b|\bpre-?orders?\b|\b(people|customers|users|visitors|shoppers|buyers)\s+(can\s+)?(buy|purchase|order)\b", "Shop", ("product",)),
    Kind("bug_tracker", r"\b(bug|issue)s?\s*(tracker|tracking|system|board)?\b|(?<!sell )(?<!buy )(?<!concert )(?<!event )(?<!movie )(?<!train )(?<!flight )(?<!lottery )\b(support\s+)?tickets?\b|\bhelp\s*desk\b", "Issue Tracker", ("project", "issue")),
    Kind("library", r"\blibrar(y|ies)\b|\bbook\s*(loans?|lending)\b|\b(borrow(ed|s|ing)?|lend(s|ing)?|lent)\b.*\bbooks?\b", "Library", ("book", "member", "loan"), ("due_dates",)),
    Kind("recipe", r"\brecipes?\b|\bcook\s*book\b|\bcookbook\b", "Recipe Book", ("recipe",), ("tags",)),
    Kind("expense", r"\b(expenses?|spending|budget(ing)?)\b", "Expense Tracker", ("expense", "category"), ("monthly_totals",)),
    Kind("invoice", r"\binvoic(e|es|ing)\b|\bbilling\b", "Invoices", ("client", "invoice"), ("monthly_totals",)),
    Kind("crm", r"\bcrm\b|\bsales\s+pipeline\b|\bdeals?\b", "CRM", ("customer", "deal")),
    Kind("inventory", r"\b(inventory|stock|warehouse)\b", "Inventory", ("product", "supplier")),
    Kind("blog", r"\bforums?\b|\brepl(y|ies)\b|\bthreads?\b|\bdiscussion\s*(boards?|forums?|groups?)?\b|\bmessage\s*boards?\b", "Forum", ("post", "comment", "reply"), ("tags",)),
    Kind("blog", r"\bblog(s|ging)?\b|\b(publish(es|ing)?|write|writing|share|sharing)\s+(blog\s+)?(posts?|articles?)\b|\bnews\s*(site|feed|portal)\b|\bposts?\s+(and|with)\s+comments\b", "Blog", ("post", "comment"), ("tags",)),
    Kind("contacts", r"\bcontacts?\b|\baddress\s*book\b|\bphone\s*book\b", "Contacts", ("contact",)),
    Kind("bookmarks", r"\bbookmarks?\b|\blinks?\s+(saver|manager)\b", "Bookmarks", ("bookmark",), ("tags",)),
    Kind("habits", r"\bhabits?\b", "Habit Tracker", ("habit", "checkin"), ("completion_toggle",)),
    Kind("fitness", r"\b(workouts?|fitness|gym|exercises?)\b", "Workout Log", ("workout", "exercise")),
    Kind("movies", r"\b(movies?|films?|watch\s*list|watchlist)\b", "Movie Watchlist", ("movie",), ("completion_toggle",)),
    Kind("events", r"\b(events?|calendar|meetings?|part(y|ies)|rsvps?)\b", "Events", ("event",)),
    Kind("school", r"\b(students?|school|grades?|courses?|classroom|gradebooks?)\b", "School", ("student", "course", "grade")),
    Kind("hr", r"\b(employees?|staff|hr|payroll)\b", "Staff Directory", ("employee",)),
    Kind("jobs", r"\bjob\s*(applications?|hunt|search|tracker|board|listings?|postings?|portal)\b", "Job Applications", ("application",)),
    Kind("journal", r"\b(journal|diary)\b", "Journal", ("journal_entry",)),
    Kind("shopping", r"\b(shopping|grocer(y|ies))\b", "Shopping List", ("shopping_item",), ("completion_toggle",)),
    Kind("flashcards", r"\bflash\s*cards?\b|\bstudy\s+cards?\b", "Flashcards", ("flashcard",), ("completion_toggle",)),
    Kind("pets", r"\b(pets?|vet|veterinar(y|ian))\b", "Pet Care", ("pet", "vet_visit")),
    Kind("plants", r"\b(plants?|garden(ing)?)\b", "Plant Care", ("plant",)),
    Kind("music", r"\b(playlists?|music|songs?)\b", "Playlists", ("playlist", "song")),
    Kind("travel", r"\b(trips?|travel|vacations?)\b", "Trip Planner", ("trip",)),
    Kind("meals", r"\bmeal\s*(plan|planner|planning|prep)?\b|\bmeals\b", "Meal Planner", ("meal",)),
    Kind("time", r"\btime\s*(track(er|ing)?|sheets?|log)\b|\btimesheets?\b", "Time Tracker", ("time_entry",), ("monthly_totals",)),
    Kind("restaurant", r"\b(restaurant|menu|cafe)\b", "Restaurant Menu", ("menu_item",)),
    Kind("garage", r"\b(cars?|vehicles?|garage)\b", "Vehicle Log", ("vehicle", "service_record")),
    Kind("clinic", r"\b(patients?|clinic|doctor|appointments?)\b", "Clinic", ("patient", "appointment")),
    Kind("goals", r"\bgoals?\b", "Goal Tracker", ("goal",), ("completion_toggle",)),
    Kind("projects", r"\bproject\s*(management|manager|tracker|board)\b|\bkanban\b|\bprojects\b.*\btasks?\b", "Projects", ("project", "task"), ("completion_toggle", "due_dates")),
    Kind("notes", r"\bnot(es|e[\s-]*taking)\b|\bnote\s*(app|book)\b|\bnotebook\b", "Notes", ("note",), ("tags",)),
    Kind("todo", r"\bto[\s-]?dos?\b|\btasks?\b|\bchores?\b|\breminders?\b", "Todo List", ("todo",), ("completion_toggle", "due_dates", "tags")),
)  # fmt: skip

_SPEC = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*):(?P<type>[a-z]+)(?:\((?P<ref>[a-z_]+)\))?(?:\[(?P<choices>[^\]]*)\])?(?P<req>!)?$"
)


def parse_field(spec: str) -> EntityField:
    match = _SPEC.match(spec)
    if not match:
        raise ValueError(f"bad field spec {spec!r}")
    ftype: FieldType = match["type"]  # type: ignore[assignment]
    choices = [c for c in (match["choices"] or "").split("|") if c]
    return EntityField(
        name=match["name"],
        type=ftype,
        required=bool(match["req"]),
        references=match["ref"],
        choices=choices,
        label=_field_label(match["name"], ftype),
    )


def _field_label(name: str, ftype: str) -> str:
    base = name[:-3] if ftype == "reference" and name.endswith("_id") else name
    text = base.replace("_", " ")
    return text[:1].upper() + text[1:]


def canonical_noun(word: str) -> str | None:
    """The NOUNS key a word names, if any (``books`` → ``book``, ``diary`` → ``journal_entry``)."""
    from pipeline.templates.naming import singularize

    for candidate in (word, singularize(word)):
        if candidate in NOUNS:
            return candidate
        if candidate in SYNONYMS:
            return SYNONYMS[candidate]
    return None
