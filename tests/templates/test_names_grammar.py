"""Names from requests in styles the rules were not written on: pitches, wishes, questions, two-sided
services, compound subjects, participle phrases, imperative lists, one word and a paragraph. Each
row was written for this table (none is copied from a corpus); a name fits when it is one of the
names a person would accept: the product's own name, else the domain or subject, never a grammar
scrap ("Musicians Looking"), a bare verb ("Vote"), a lone generic head ("Club") or a fragment of a
compound ("Year Countdown")."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.templates import extract_spec
from pipeline.templates.name_checks import tidied, unsound

# request → the names a person would accept
NAMES: list[tuple[str, tuple[str, ...]] | Any] = [
    # a product pitch: the product's own name
    ("Tidewatch is an app that shows surfers the tide times at their local beaches.", ("Tidewatch",)),
    ("Meet Crumbly: the recipe box for people who bake sourdough.", ("Crumbly",)),
    ("Hivemind helps beekeepers log hive inspections.", ("Hivemind",)),
    ("Say hello to Parkly, a parking spot finder for busy city centres.", ("Parkly",)),
    # a wish: what it is for, never the wish
    ("I want an app for my book club.", ("Book Club",)),
    ("I need something to keep track of my vinyl records.", ("Vinyl Record Tracker", "Vinyl Records")),
    ("I need a countdown to New Year.", ("New Year Countdown",)),
    ("We want a website for our dental clinic.", ("Dental Clinic",)),
    ("I'd love an app that tracks how much water I drink.", ("Water Tracker",)),
    ("I'm looking for an app to manage my reading list.", ("Reading List",)),
    ("Something simple to count down to my birthday.", ("Birthday Countdown",)),
    # a question
    ("Could you build a poll maker for our class?", ("Poll Maker", "Class Poll Maker")),
    ("Can you make a simple site for a yoga studio?", ("Yoga Studio",)),
    ("Can you build me a tracker for my running?", ("Running Tracker",)),
    (
        "Is it possible to make a leaderboard for our darts league?",
        ("Darts League Leaderboard", "Darts League"),
    ),
    ("How about an app where friends rate pizza places?", ("Pizza Place Ratings", "Pizza Places")),
    # "an app for people who …": what those people do, or what they are
    ("An app for people who collect stamps.", ("Stamp Collection", "Stamp Collecting", "Stamps")),
    ("An app for people who forget to water their plants.", ("Plant Watering", "Plants", "Plant Care")),
    ("An app for dog owners.", ("Dog Owners",)),
    ("A website for our chess club members.", ("Chess Club",)),
    ("A club for retired teachers.", ("Retired Teachers Club", "Retired Teacher Club")),
    # help me …
    ("Help me plan my wedding.", ("Wedding Planner",)),
    ("Help me keep track of my houseplants.", ("Houseplant Tracker", "Houseplants")),
    ("Help me organise a bake sale.", ("Bake Sale Organizer",)),
    ("Help our office organise the secret santa.", ("Secret Santa Organizer",)),
    # two-sided: both sides, or what one side finds
    ("Connect dog owners with dog sitters nearby.", ("Dog Owners & Dog Sitters", "Dog Sitters")),
    ("A site that connects tutors with students.", ("Tutors & Students",)),
    ("Matching volunteers with local charities.", ("Volunteers & Local Charities", "Volunteers & Charities")),
    ("A place where musicians find bands to join.", ("Band Finder", "Bands")),
    ("A marketplace where farmers sell vegetables to restaurants.", ("Vegetable Marketplace",)),
    ("A space where gardeners share seeds.", ("Seeds", "Seed Sharing")),
    # compound subjects stay whole
    ("New Year countdown", ("New Year Countdown",)),
    ("a book club app", ("Book Club",)),
    (
        "A countdown timer for the summer holidays.",
        ("Summer Holiday Countdown", "Summer Holiday Countdown Timer"),
    ),
    ("An ice cream shop website.", ("Ice Cream Shop",)),
    ("A booking system for a hair salon.", ("Hair Salon Booking", "Hair Salon")),
    ("A site for a family-run bakery.", ("Family-Run Bakery", "Bakery")),
    ("We're a dance school and need class schedules online.", ("Dance School",)),
    # a participle phrase on a noun: the noun's domain, never the participle
    ("Musicians looking for bands.", ("Band Finder", "Bands")),
    ("Parents wanting to swap school uniforms.", ("School Uniform Swap",)),
    ("Students needing help with maths homework.", ("Maths Homework Help", "Maths Homework")),
    # an imperative list: what the first verb acts on
    ("Add recipes, tag them, search them.", ("Recipes", "Recipe Box", "Recipe Book")),
    ("Log workouts, see progress, set goals.", ("Workout Log", "Workouts")),
    ("Create events, invite friends, collect RSVPs.", ("Events",)),
    ("Track expenses; split bills with flatmates; settle up monthly.", ("Expense Tracker", "Expenses")),
    ("Let hikers rate trails.", ("Trail Ratings",)),
    ("Keep score in our weekly pub quiz.", ("Pub Quiz", "Weekly Pub Quiz", "Pub Quiz Scores")),
    # a verb with its object
    ("A simple app for freelancers to send invoices.", ("Invoices", "Invoice Sender")),
    ("A tool where teachers can set homework and students can hand it in.", ("Homework",)),
    ("Need a quick way for the team to book meeting rooms.", ("Meeting Room Booking",)),
    ("An app to help new parents track feeds and nappy changes.", ("Feed Tracker", "Feeds")),
    pytest.param(
        "A page where fans can vote for player of the month.",
        ("Player of the Month Vote",),
        marks=pytest.mark.xfail(
            reason='"X of the Y" as one title is not read: gives "Player Vote"', strict=True
        ),
    ),
    # one word, or two: the noun, else the kind's name
    ("todo", ("Todo List", "Todo")),
    ("vote", ("Polls", "Poll", "Voting")),  # a bare verb: the kind's noun, never "Vote"
    ("swap", ("Swapping", "Swaps")),  # no kind: the activity's noun
    ("recipes", ("Recipes", "Recipe Box", "Recipe Book")),
    ("budget", ("Budget", "Budget Tracker", "Expense Tracker")),
    ("chess", ("Chess",)),
    pytest.param(
        "book club",
        ("Book Club",),
        # with no determiner, "book club" reads as a verb and its object, like "track time"
        marks=pytest.mark.xfail(reason="a bare verb-noun pair is read as a command", strict=True),
    ),
    ("dentist", ("Dentist",)),
    # more of each style, written after the first rules passed
    ("Orbitly is a satellite pass predictor for amateur astronomers.", ("Orbitly",)),
    ("I want an app where my grandparents can see photos of the kids.", ("Photos", "Family Photos")),
    ("We need a tool so parents can sign their kids up for swimming lessons.", ("Swimming Lessons",)),
    ("Could you create an app that helps me learn Japanese vocabulary?", ("Japanese Vocabulary",)),
    ("An app for people who love birdwatching.", ("Birdwatching",)),
    ("A place where language learners find conversation partners.", ("Conversation Partners",)),
    ("Connect students who need rides with parents driving to the same school.", ("Students & Parents",)),
    ("Pair mentors with junior developers.", ("Mentors & Junior Developers",)),
    ("Teenagers looking for summer jobs.", ("Summer Jobs",)),
    ("Grandparents wanting to share family recipes.", ("Family Recipes",)),
    ("What's the best way to track my reading habit?", ("Reading Habit Tracker",)),
    ("Would it be possible to have a guestbook for our wedding?", ("Wedding Guestbook",)),
    ("Post jobs, review applicants, schedule interviews.", ("Jobs",)),
    ("Upload photos, make albums, share them with family.", ("Photos",)),
    ("garage sale", ("Garage Sale",)),
    ("Christmas gift list", ("Christmas Gift List",)),
    ("A countdown to Christmas Day.", ("Christmas Day Countdown",)),
    ("A tracker for the Tour de France stages.", ("Tour de France Tracker", "Tour de France")),
    ("A website for the Oak Street Community Garden.", ("Oak Street Community Garden",)),
    (
        "I coach a youth football team and need to track attendance.",
        ("Youth Football Team", "Youth Football"),
    ),
    ("Our library wants an app where members reserve study rooms.", ("Study Room Booking", "Library")),
    ("Help me remember birthdays.", ("Birthdays", "Birthday Reminder")),
    ("Let people in my building swap books.", ("Book Swap",)),
    ("A noticeboard for our allotment society.", ("Allotment Society Noticeboard",)),
    ("An app that lets gym members book classes.", ("Class Booking", "Gym Class Booking")),
    ("Find a plumber near you.", ("Plumber", "Plumbers", "Plumber Finder")),
    ("A leaderboard for the office step challenge.", ("Office Step Challenge Leaderboard",)),
    # a third set, written before any rule was made for it (23 of 25 passed then; 2 still fail)
    ("Snapmeal is a calorie counter that reads food photos.", ("Snapmeal",)),
    ("I'd like something for my knitting circle to share patterns.", ("Knitting Circle", "Patterns")),
    ("Can we get an app that tells us when the bins go out?", ("Bins", "Bin Collection")),
    ("An app for people who walk dogs for a living.", ("Dog Walking", "Dogs")),
    ("Help us run our village fete.", ("Village Fete",)),
    ("Neighbours lending each other ladders and drills.", ("Ladders", "Ladder Lending", "Tool Lending")),
    ("A board where landlords post rooms and students find housing.", ("Rooms", "Room Board")),
    ("Link local farmers to nearby restaurants.", ("Farmers & Restaurants", "Local Farmers & Restaurants")),
    ("A Halloween costume contest.", ("Halloween Costume Contest",)),
    ("Walkers searching for quiet trails.", ("Quiet Trails", "Trails")),
    ("Is there a way to keep track of my car's servicing?", ("Car Servicing", "Car Servicing Tracker")),
    ("Track, rate and review the coffee shops I visit.", ("Coffee Shop Reviews", "Coffee Shop Tracker")),
    ("Book, cancel and reschedule physio appointments.", ("Physio Appointment Booking",)),
    ("poll", ("Poll", "Polls")),
    ("flashcards", ("Flashcards",)),
    ("knitting patterns", ("Knitting Patterns",)),
    ("My partner and I want to plan our meals for the week.", ("Meal Planner", "Weekly Meal Planner")),
    (
        "We're a small charity and we'd like a site to take donations.",
        ("Small Charity", "Charity", "Donations"),
    ),
    ("Please, an app for the Friday five-a-side football.", ("Friday Five-a-Side Football",)),
    ("A calendar of open mic nights in the city.", ("Open Mic Night Calendar",)),
    ("Volunteers who clean beaches need a way to log what they collect.", ("Beach Cleaning", "Beaches")),
    ("How can parents share babysitting with each other?", ("Babysitting",)),
    ("A directory of vegan restaurants.", ("Vegan Restaurant Directory",)),
    pytest.param(
        "A St Patrick's Day pub crawl planner.",
        ("St Patrick's Day Pub Crawl Planner", "Pub Crawl Planner"),
        marks=pytest.mark.xfail(reason="a name is cut at four words: 'St Patrick Day Pub'", strict=True),
    ),
    pytest.param(
        "An app to settle who pays for the next round of drinks.",
        ("Drinks Round", "Round of Drinks"),
        marks=pytest.mark.xfail(
            reason="'round of drinks' is not read as one thing: 'Next Round'", strict=True
        ),
    ),
    # a fourth set, written before any rule was made for it (13 of 25 passed then, 18 now)
    ("Gymbuddy matches people who want a workout partner.", ("Gymbuddy",)),
    ("Make something that lets choir members swap sheet music.", ("Sheet Music Swap",)),
    ("A diary for people who suffer from migraines.", ("Migraine Diary",)),
    ("Pet owners looking for sitters while they travel.", ("Sitters", "Pet Sitters")),
    ("Teachers need to hand out and collect permission slips.", ("Permission Slips",)),
    ("Cyclists reporting potholes to the council.", ("Potholes", "Pothole Reports")),
    ("I'd really like an easy way to keep tabs on my medication.", ("Medication", "Medication Tracker")),
    ("Build a simple app: users post lost pets, others report sightings.", ("Lost Pets",)),
    ("A karaoke night song queue.", ("Karaoke Night Song Queue",)),
    ("Birthday reminders for my whole family.", ("Birthday Reminders",)),
    ("Quiz night scoring for our local pub.", ("Quiz Night Scoring", "Quiz Night")),
    ("A weekly rota so flatmates take turns cleaning.", ("Weekly Rota", "Cleaning Rota")),
    ("Can I have a page that shows the opening hours of our shop?", ("Opening Hours", "Shop")),
    ("An online guestbook for the museum.", ("Museum Guestbook",)),
    ("A tool for DJs to plan their sets.", ("Set Planner", "DJ Set Planner")),
    ("Car pooling for commuters to the business park.", ("Car Pooling",)),
    ("We are a climbing gym and want members to log their routes.", ("Climbing Gym",)),
    ("Bake sale", ("Bake Sale",)),
    ("I need an app to split rent and bills with my housemates.", ("Rent Splitter", "Bill Splitter")),
    pytest.param(
        "Could you whip up a site for my grandmother's jam business?",
        ("Jam Business",),
        marks=pytest.mark.xfail(reason="whose it is is kept: 'Grandmother Jam Business'", strict=True),
    ),
    pytest.param(
        "Where parents swap outgrown baby clothes.",
        ("Baby Clothes Swap",),
        marks=pytest.mark.xfail(
            reason="a participle adjective is kept: 'Outgrown Baby Clothes Swap'", strict=True
        ),
    ),
    pytest.param(
        "Match tennis players of similar level.",
        ("Tennis Players", "Tennis Matchmaking"),
        marks=pytest.mark.xfail(reason="one-sided 'match X': 'Match Tennis'", strict=True),
    ),
    pytest.param(
        "A hub where hobby photographers share their shots.",
        ("Photography Hub", "Photo Sharing"),
        marks=pytest.mark.xfail(reason="'Shot Hub'", strict=True),
    ),
    pytest.param(
        "Help new employees find their way around the office.",
        ("Office Guide", "Office"),
        marks=pytest.mark.xfail(reason="an idiom ('find their way'): 'Way'", strict=True),
    ),
    pytest.param(
        "Lost and found for our school.",
        ("Lost and Found", "School Lost and Found"),
        marks=pytest.mark.xfail(reason="a compound with 'and' is cut: 'School'", strict=True),
    ),
    # a fifth set, written before any rule was made for it (17 of 25 passed then, 24 now)
    ("Tallyho is a scorekeeper for board game nights.", ("Tallyho",)),
    ("I want to build an app for my running club.", ("Running Club",)),
    ("Could you make a thing where my team can vote on sprint names?", ("Sprint Name Vote",)),
    ("An app for people who brew their own beer.", ("Beer Brewing", "Home Brewing", "Beer")),
    ("Help me sort out my stamp collection.", ("Stamp Collection",)),
    ("Connect local bands with venues.", ("Bands & Venues", "Local Bands & Venues")),
    ("Students looking for study partners.", ("Study Partners",)),
    ("A place where gamers review indie games.", ("Indie Game Reviews", "Indie Games")),
    ("Easter egg hunt planner", ("Easter Egg Hunt Planner",)),
    ("a dog grooming salon website", ("Dog Grooming Salon",)),
    (
        "What would be a good way to organise our family chores?",
        ("Family Chore Organizer", "Family Chores", "Chore Organizer"),
    ),
    (
        "Share, rate and comment on short stories.",
        ("Short Stories", "Short Story Ratings", "Short Story Sharing"),
    ),
    ("recipes for my grandmother", ("Recipes", "Grandmother Recipes")),
    ("We run a small yoga retreat and need bookings online.", ("Yoga Retreat", "Small Yoga Retreat")),
    ("Parents who want to organise playdates.", ("Playdates", "Playdate Organizer")),
    ("A site that helps tenants find a flat.", ("Flat Finder", "Flats", "Flat")),
    ("An app for the Christmas market stalls.", ("Christmas Market Stalls", "Christmas Market")),
    ("Helping kids learn their times tables.", ("Times Tables",)),
    ("Neighbours who want to share a lawnmower.", ("Lawnmower Sharing", "Lawnmower")),
    ("Our community centre needs a way to book rooms.", ("Room Booking",)),
    ("A tool so the band can pick setlists together.", ("Setlists",)),
    ("Track which plants I've watered this week.", ("Plant Tracker", "Plants", "Plant Watering")),
    ("I'm after a simple wishlist for my birthday.", ("Birthday Wishlist",)),
    ("Is it possible to get a tracker for my cycling rides?", ("Cycling Ride Tracker", "Cycling Tracker")),
    ("A league table for our five-a-side league.", ("Five-a-Side League Table", "Five-a-Side League")),
    # a sixth set, in styles people write in that the rules had not met: lowercase run-ons and typos,
    # non-native phrasing, bullet lists, "like X but for Y", product names with digits or versions
    ("i wanna log my climbs, grade + crag + how it went", ("Climb Log",)),
    ("track my familys birthdays so nobody gets forgotten", ("Family Birthday Tracker", "Family Birthdays")),
    ("somewhere to jot down the kids shoe sizes every term", ("Kids Shoe Sizes", "Shoe Sizes")),
    ("is there something like uber but for dog walkers?", ("Dog Walkers",)),
    ("landing page for my pottery studio with a newsletter signup", ("Pottery Studio",)),
    ("Please build a website for a florist's wedding orders.", ("Wedding Orders",)),
    (
        "A site for a theatre company's costume store - hats, wigs, shoes - with who has what",
        ("Costume Store",),
    ),
    ("Tetris with three speeds and a high score table.", ("Tetris",)),
    ("Let our members predict the winners of the Oscars.", ("Oscar Winners", "Oscar Predictions")),
    ("Let my pupils ask questions during assemblies.", ("Assembly Questions",)),
    ("I want to split the costs of our ski trip.", ("Cost Splitter", "Ski Trip Cost Splitter")),
    ("* players * fixtures * results -- for our darts league", ("Darts League",)),
    ("I want guests to RSVP to our barn dance", ("RSVP", "Barn Dance RSVP")),
    ("Coachly 2.0 is a planner for youth football coaches.", ("Coachly 2.0",)),
    ('"Tide Tables" is an app that shows sailors the tides.', ("Tide Tables",)),
    ("Gym4U lets members book classes.", ("Gym4U",)),
    ("I want make website for my shop of flowers where client can order bouquet", ("Flower Shop",)),
    ("how do i keep track of my kids chores?", ("Kids Chores", "Chore Tracker")),
    ("keep tabs on what we borrow from the neighbours lol", ("Lending Tracker", "Lending")),
    ("A noticeboard for people commuting to the business park outside town.", ("Business Park Noticeboard",)),
    # a paragraph: the business it is for, or the activity
    (
        "I run a small bicycle repair shop in town and I'd like a website where customers can book a repair"
        " slot, see what we charge for common jobs, and get a message when their bike is ready to collect.",
        ("Bicycle Repair Shop",),
    ),
    (
        "Our neighbourhood has a lot of people with tools they rarely use, so we want a platform where"
        " neighbours can lend and borrow tools, see who has what, and leave a thank-you note afterwards.",
        ("Tool Lending",),
    ),
    (
        "For our school's annual science fair we need something that lets judges score each project on"
        " several criteria and shows a ranked list at the end.",
        ("Science Fair", "Annual Science Fair", "Project Scoring"),
    ),
    # a wh-clause kept as a record: named by its verb, never "Whats"
    ("an app to log what we cook", ("Cooking Log",)),
    ("track what I read this year", ("Reading Log",)),
    ("a site to record where we go on holiday", ("Places Visited",)),
    ("a page to note who comes to practice", ("Attendance",)),
    # a name set off after the business it names
    ("A booking page for my bakery, Crumb & Co", ("Crumb & Co",)),
    ("A menu page for our cafe, Bean There.", ("Bean There",)),
    ("a website for our dog groomers, Paws & Claws, with a price list", ("Paws & Claws",)),
    # never a command, a scrap or a double plural
    ("an app so I can teach yoga to my neighbours", ("Yoga", "Yoga Classes")),
    ("I am the owner of a small gym and need member signups", ("Gym", "Small Gym")),
    ("ok so basically I need a job board", ("Job Board",)),
    ("a site to list cleanups events in our town", ("Cleanup Events",)),
    # a verb named with what it is done for
    ("I want guests to RSVP to our summer ball", ("Summer Ball RSVP",)),
    # a kind's own name that starts with a verb is no command
    ("make a connect four game", ("Connect Four Game", "Connect Four")),
    (
        "Please implement a website for playing Connect 4 online against an AI",
        ("Connect 4 Online", "Connect Four"),
    ),
]


def test_the_table_is_large_enough() -> None:
    assert len(NAMES) >= 60


@pytest.mark.parametrize(("request_text", "names"), NAMES)
def test_a_name_fits_a_request_in_any_style(request_text: str, names: tuple[str, ...]) -> None:
    assert extract_spec(request_text).app_name in names


@pytest.mark.parametrize(
    ("name", "sound"),
    [("Teach Yoga", False), ("Am the Owner", False), ("Ok", False), ("42", False), ("Somethin", False),
     ("Able", False), ("Book Club", True), ("Thank-You Card", True), ("Something Borrowed", True)],
)  # fmt: skip
def test_a_command_scrap_or_number_is_no_name(name: str, sound: bool) -> None:
    assert unsound(name) is not sound


def test_a_doubled_word_or_double_plural_is_tidied() -> None:
    assert [tidied(n) for n in ("Job Job", "Cleanups Events", "Kids Chores", "Times Tables")] == [
        "Job",
        "Cleanup Events",
        "Kids Chores",
        "Times Tables",
    ]
