"""Names and summaries come from the domain the request names, never from the words around it;
a theme comes from what the request says about colours, mode, font and spacing, and the app's
text stays readable on it."""

from __future__ import annotations

import itertools
import re

import pytest

from pipeline.templates import extract_spec, naming
from pipeline.templates.colour_values import contrast
from pipeline.templates.contract import build_design
from pipeline.templates.noun_phrases import reads_as_name
from pipeline.templates.render import project_files, render_frontend
from pipeline.templates.theme import AA, palette, read_theme

LEAD_INS = [
    "please implement a website for", "Please implement a website for", "build me", "Build me a",
    "I want an app that", "I want an app for", "create a platform where users can", "Create a platform for",
    "Please build", "Can you make", "Could you create a site for", "I need a web app for",
    "Develop a web application to", "We need a tool for", "Make me a simple", "Help me build an app for",
    "Design a dashboard for", "Implement a system for", "Write an application for", "Set up a portal for",
    "I'd like a website for", "Generate a web app for", "Code a tool for", "Let's build a",
    "build a full stack app for",
]  # fmt: skip
DOMAINS = {
    "a local bakery": {"bakery"},
    "tracking my workouts": {"workout"},
    "a dental clinic": {"dental", "clinic"},
    "a yoga studio": {"yoga", "studio"},
    "a neighborhood book club": {"book", "club", "neighborhood"},
    "a dog walking service": {"dog", "walking", "walker"},
    "sharing family recipes": {"recipe", "family"},
    "a plant nursery": {"plant", "nursery"},
    "a small hotel": {"hotel"},
    "a bicycle repair shop": {"bicycle", "repair", "shop"},
}
BOILERPLATE = {
    "implement", "build", "create", "make", "develop", "design", "website", "web", "app", "application",
    "platform", "portal", "tool", "system", "site", "please", "want", "need", "help", "code", "write",
    "generate", "set", "let", "lets", "like", "full", "stack", "me", "i", "we", "can", "could", "users",
}  # fmt: skip
PHRASINGS = [(f"{lead} {domain}", domain) for lead, domain in itertools.product(LEAD_INS, DOMAINS)]


def _words(text: str) -> set[str]:
    return {w.rstrip("s") if len(w) > 3 else w for w in re.findall(r"[a-z]+", text.lower())}


def test_there_are_at_least_200_phrasings() -> None:
    assert len(PHRASINGS) >= 200


@pytest.mark.parametrize(("request_text", "domain"), PHRASINGS)
def test_the_name_is_the_domain_and_never_the_boilerplate(request_text: str, domain: str) -> None:
    plan = extract_spec(request_text)
    name = _words(plan.app_name)
    assert name and not name & BOILERPLATE, plan.app_name
    wanted = {w.rstrip("s") if len(w) > 3 else w for w in DOMAINS[domain]}
    assert name & wanted or plan.kind != "generic", plan.app_name
    opening = plan.summary.split(".")[0].lower()
    assert not {"implement", "please", "build", "create"} & set(opening.split()), plan.summary
    assert _words(plan.summary) & wanted, plan.summary


@pytest.mark.parametrize(
    ("request_text", "background", "accent"),
    [
        ("please implement a website for a dental clinic, background honeydew, components dark olive green", "#f0fff0", "#556b2f"),
        ("a recipe site with a light steel blue background and buttons in saddle brown", "#b0c4de", "#8b4513"),
        ("a todo app, background #102030, accent #ffcc00", "#102030", "#ffcc00"),
        ("a blue todo app", None, "#0000ff"),
        ("a bakery site in papaya whip and chocolate colours", None, None),
    ],
)  # fmt: skip
def test_colours_are_read_by_name_and_hex_with_their_roles(
    request_text: str, background: str | None, accent: str | None
) -> None:
    theme = read_theme(request_text)
    assert theme is not None
    if background:
        assert theme.background == background
    if accent:
        assert theme.accent == accent
    if "papaya whip" in request_text:
        assert {theme.background, theme.accent} == {"#ffefd5", "#d2691e"}


def test_a_colour_word_that_is_the_domain_is_not_a_theme() -> None:
    assert read_theme("an online chocolate shop") is None
    assert read_theme("a salmon fishing log") is None
    assert read_theme("orange orchard harvest tracker") is None


def test_dark_mode_fonts_and_density() -> None:
    theme = read_theme("a notes app in dark mode, monospace font, compact layout")
    assert theme is not None and (theme.mode, theme.font, theme.density) == ("dark", "monospace", "compact")
    olive = read_theme("a dark olive green todo app")  # "dark" of a colour's name is no dark mode
    assert olive is not None and olive.mode is None


@pytest.mark.parametrize(
    "request_text",
    [
        "a todo app with a black background",
        "a todo app with a yellow background and white text",
        "a shop with a navy background and navy text",
        "a journal with text #777777 on a #888888 background",
        "a blog in dark mode with buttons in gold",
        "background honeydew, components dark olive green",
    ],
)
def test_text_stays_readable_and_the_users_colours_are_kept(request_text: str) -> None:
    theme = read_theme(request_text)
    colours = palette(theme)
    assert contrast(colours["--text"], colours["--bg"]) >= AA
    assert contrast(colours["--text"], colours["--surface"]) >= AA
    assert contrast(colours["--muted"], colours["--surface"]) >= AA
    assert contrast(colours["--accent-text"], colours["--surface"]) >= AA
    assert theme is not None
    if theme.background:
        assert colours["--bg"] == theme.background  # never changed
    if theme.accent:
        assert colours["--accent"] == theme.accent
    assert contrast(colours["--on-accent"], colours["--accent"]) >= min(
        AA, max(contrast("#ffffff", colours["--accent"]), contrast("#111111", colours["--accent"]))
    )


def test_the_generated_app_applies_the_theme_and_says_so() -> None:
    plan = extract_spec(
        "please implement a website for a dental clinic, background honeydew, components dark olive green"
    )
    design = build_design(plan)
    css = render_frontend(plan, design).files["frontend/src/theme.css"]
    assert "--bg: #f0fff0;" in css and "--accent: #556b2f;" in css
    readme = project_files(plan, design)["README.md"]
    assert "## Theme" in readme and "honeydew #f0fff0" in readme and "dark olive green #556b2f" in readme
    plain = extract_spec("build a todo app")
    assert plain.theme is None
    assert "--bg: #f5f7fa;" in render_frontend(plain, build_design(plain)).files["frontend/src/theme.css"]
    assert "## Theme" not in project_files(plain, build_design(plain))["README.md"]


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        # the group that votes names a vote; "book" after "our" is a noun, not the verb
        ("Let the members of our book club vote on next month's book.", "Book Club Vote"),
        # "where <people> can <verb>": the verb's object, not the people and their modal
        (
            "Please implement a website where employees can cast their votes on the office party theme.",
            "Office Party Theme Vote",
        ),
        # "called out" is a verb's particle, never the app's name
        ("Practise chess: click a piece, click a square, and see check and stalemate called out.", "Chess"),
        (
            "A software that allows student councils to run elections where each student votes once.",
            "Elections",
        ),
        # a tool's verb names the tool
        ("an app to convert miles to km", "Unit Converter"),
    ],
)
def test_a_name_comes_from_what_the_request_does_not_from_its_grammar(request_text: str, name: str) -> None:
    assert extract_spec(request_text).app_name == name


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        # a clause's subject then its verb: the verb's object names the app, never the clause
        ("A forum where hikers can swap gear before a trip.", "Gear Swap"),
        ("Our choir schedules rehearsals and shares sheet music.", "Rehearsal Scheduler"),
        ("A website where parents arrange carpools for school runs.", "Carpools"),
        ("I want an app where you guess the capital city in three tries.", "Capital City"),
        # who does it names it when the verb acts on nobody else ("each other")
        ("A site where climbers can talk to each other.", "Climbers"),
        # a record ("issues", "invitations") gives way to what it is about
        ("Send invitations to a retirement dinner and see who replies.", "Retirement Dinner"),
        ("Allow tenants to report heating issues to the landlord.", "Heating"),
        # the people who use it leave the name when something says more
        ("A matchmaking site for squash players who want a partner.", "Squash Matchmaking"),
        # software that shows something is named by what it shows
        ("A dashboard of monthly donations by campaign.", "Monthly Donations Dashboard"),
        ("A map of dog parks in the city.", "Dog Park Map"),
        # after "an app that" comes the app's verb, whatever it is
        ("I want an app that suggests cocktails from what is in the cupboard.", "Cocktails"),
        # a clause on the object ends it
        ("Track wines we have tasted, with a rating each.", "Wine Tracker"),
    ],
)
def test_a_name_is_the_subject_noun_phrase_of_sentences_of_any_shape(request_text: str, name: str) -> None:
    assert extract_spec(request_text).app_name == name


DANGLING = {"each", "can", "could", "their", "allows", "lets", "i", "you", "we", "without", "with", "of"}  # fmt: skip


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        ("A platform where neighbours can message each other about spare rooms.", "Neighbours"),
        ("A site listing films I want to watch.", "Films"),
        ("I want an app that lets colleagues book parking spaces without clashes.", "Parking Space Booking"),
        ("Please build a website where drivers can share their routes.", "Routes"),
        ("An app where volunteers sign up for shifts.", "Shifts"),
    ],
)
def test_a_name_never_ends_in_a_function_word_or_a_verb(request_text: str, name: str) -> None:
    got = extract_spec(request_text).app_name
    assert got.lower().split()[-1] not in DANGLING and got == name


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        # a participle, a preposition or "which" ends the noun phrase a verb acts on
        ("Keep a list of the castles visited on our holidays.", "Castle List"),
        ("See which ferries are cancelled today.", "Ferries"),
        ("Organise a gift exchange among cousins.", "Gift Exchange Organizer"),
        # a gerund that acts on something is its verb; one that names a group is not
        ("An app for renting out party tents to neighbours.", "Party Tent Rentals"),
        ("A rowing club website with crew lists.", "Rowing Club"),
        # a collection is named by what it collects, up to where the phrase about it ends
        ("A catalogue of the board games we own, with players and play time.", "Board Game Catalogue"),
    ],
)
def test_a_noun_phrase_ends_where_the_grammar_says(request_text: str, name: str) -> None:
    assert extract_spec(request_text).app_name == name


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        ("A list of museums that visitors can rate.", "Museum List"),  # what the list holds
        ("A timetable of ferries for islanders.", "Ferry Timetable"),  # up to whom it is for
        ("I want an app that records my cat's weight every week.", "Cat Weight Log"),  # one owner, one word
        ("An application that allows members to pay dues online.", "Dues"),  # a verb that names no activity
    ],
)
def test_collections_owners_and_plain_verbs_leave_the_noun(request_text: str, name: str) -> None:
    assert extract_spec(request_text).app_name == name


def test_a_thing_like_another_is_named_after_it() -> None:
    assert extract_spec("Draw cards and race cars around a Scrabble-like grid.").app_name == "Scrabble Grid"
    assert extract_spec("A Pictionary-like game for a team night.").app_name == "Pictionary Game"


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        ("Vote on which song the band plays as an encore.", "Song Vote"),  # another noun phrase ends it
        ("Members of the sailing club sign up for regattas.", "Sailing Club Regattas"),  # the group names it
        ("An app that lets flatmates share a rota of cleaning jobs.", "Cleaning Job Rota"),
    ],
)
def test_groups_and_relative_clauses(request_text: str, name: str) -> None:
    assert extract_spec(request_text).app_name == name


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        # a gerund acting on a plural object is the verb of the phrase: object, then the noun of the verb
        ("A site for comparing mortgage rates from several banks.", "Mortgage Rate Comparison"),
        ("An app for swapping houseplants with neighbours.", "Houseplant Swap"),
        ("A website for running clubs to share routes.", "Running Club Routes"),  # one naming a group is not
        # "how fast X does Y" is about X's speed; a measure of something is named by what it measures
        ("Compare how fast three couriers deliver parcels.", "Courier Speed Comparison"),
        ("Track how many cups of coffee I drink every week.", "Coffee Tracker"),
    ],
)
def test_a_verb_phrase_is_named_by_its_object_and_the_noun_of_the_verb(request_text: str, name: str) -> None:
    assert extract_spec(request_text).app_name == name


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        # a request that opens with a command is never named by the bare verb
        ("Remind us to water the office plants every Monday.", "Office Plant Reminder"),
        ("Remind staff to submit timesheets.", "Timesheet Reminder"),  # whom, then the errand
        ("Vote on entries in our village's baking contest.", "Baking Contest Vote"),  # where it is done
        ("Reserve a spot at the community pool on weekday mornings.", "Community Pool Booking"),
        ("Send a get-well card to a neighbour.", "Get-Well Card"),  # a hyphenated compound stays whole
    ],
)
def test_a_command_is_named_by_what_it_is_about(request_text: str, name: str) -> None:
    assert extract_spec(request_text).app_name == name


def test_a_preposition_after_whom_is_no_errand() -> None:
    # "to price drops" is not an infinitive: no "Drop Alerter", and never the bare verb
    assert extract_spec("Alert me to price drops on flights.").app_name not in ("Drop Alerter", "Alert")


def test_a_product_introduced_in_an_appositive_is_named() -> None:
    assert (
        extract_spec("Introducing Parcelpal, the simplest way to track deliveries.").app_name == "Parcelpal"
    )
    assert extract_spec("Meet Dough Diary, a journal for home bakers.").app_name == "Dough Diary"


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        ("a countdown to our graduation", "Graduation Countdown"),
        ("A marketplace where students sell old textbooks.", "Old Textbook Marketplace"),
        ("A marketplace for handmade jewellery.", "Handmade Jewellery Marketplace"),
    ],
)
def test_a_generic_head_keeps_its_complement(request_text: str, name: str) -> None:
    assert extract_spec(request_text).app_name == name


@pytest.mark.parametrize(
    ("request_text", "name"),
    [
        # a determiner or possessive after the collected noun begins a clause on it
        ("An inventory of the costumes our choir owns.", "Costume Inventory"),
        ("A catalogue of the stamps my grandmother kept.", "Stamp Catalogue"),
        # a candidate ending in a participle, or holding a wh-word, gives way to the next one
        ("A site for tracking books borrowed.", "Books"),
        ("Tell me when my library books are due.", "Library"),
    ],
)
def test_a_candidate_that_is_no_noun_phrase_gives_way(request_text: str, name: str) -> None:
    got = extract_spec(request_text).app_name
    assert got == name
    assert reads_as_name(naming.ascii_words(got))
