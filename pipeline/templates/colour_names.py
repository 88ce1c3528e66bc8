"""Colour names people write that CSS and X11 lack: designer and everyday names ("dusty rose",
"sage", "terracotta", "off-white", "baby blue", "jet black"), as the hex most people mean by them.
Data only; ``css_colors.ALL_COLOURS`` reads it before the near-name fallback, and a CSS or X11 name
wins where both have it ("royal blue", "navy blue", "violet red").

Sources (read 2026-12-07):

- ``XKCD``: the xkcd colour survey (Randall Munroe, 2010: 222,500 sessions naming colours on
  their own screens), https://xkcd.com/color/rgb.txt, public domain (CC0 1.0); the same table
  ships as ``XKCD_COLORS`` in matplotlib's ``lib/matplotlib/_color_data.py``. Its value for a name
  is the colour the survey's people meant by it, so "mauve" is the dusty pink people call mauve.
- ``WIKIPEDIA``: the few names the survey lacks, from Wikipedia's "List of colors"
  (https://en.wikipedia.org/wiki/List_of_colors:_A%E2%80%93F, …_G%E2%80%93M, …_N%E2%80%93Z).

Every name is written as people write it, words apart; lookups join the words ("dustyrose"), and
a name with "grey" is also found with "gray".
"""

from __future__ import annotations

XKCD: dict[str, str] = {
    # task words and everyday single names
    "dusty rose": "#c0737a", "sage": "#87ae73", "sage green": "#88b378", "terracotta": "#ca6641",
    "mint": "#9ffeb0", "mint green": "#8fff9f", "blush": "#f29e8e", "blush pink": "#fe828c",
    "mustard": "#ceb301", "mustard yellow": "#d2bd0a", "burgundy": "#610023", "charcoal": "#343837",
    "charcoal grey": "#3c4142", "cream": "#ffffc2", "sand": "#e2ca76", "slate": "#516572",
    "slate green": "#658d6d", "teal blue": "#01889f", "teal green": "#25a36f", "mauve": "#ae7181",
    "off white": "#ffffe4", "eggshell": "#ffffd4", "baby blue": "#a2cffe", "emerald": "#01a049",
    "emerald green": "#028f1e", "ruby": "#ca0147", "sapphire": "#2138ab", "mocha": "#9d7651",
    "peach": "#ffb07c", "coral pink": "#ff6163", "rust": "#a83c09", "rust orange": "#c45508",
    "rust red": "#aa2704", "rust brown": "#8b3103", "ochre": "#bf9005", "yellow ochre": "#cb9d06",
    "olive green": "#677a04", "rose": "#cf6275", "cobalt": "#1e488f", "cobalt blue": "#030aa7",
    "scarlet": "#be0119", "amber": "#feb308", "lilac": "#cea2fd", "jade": "#1fa774",
    "lemon": "#fdff52", "lemon yellow": "#fdff38", "sky": "#82cafc", "ocean": "#017b92",
    "ocean blue": "#03719c", "ocean green": "#3d9973", "forest": "#0b5509", "denim": "#3b638c",
    "denim blue": "#3b5b92", "taupe": "#b9a281", "periwinkle": "#8e82fe", "periwinkle blue": "#8f99fb",
    "cerulean": "#0485d1", "cerulean blue": "#056eee", "tangerine": "#ff9408", "apricot": "#ffb16d",
    "mahogany": "#4a0100", "aubergine": "#3d0734", "gunmetal": "#536267", "wisteria": "#a87dc2",
    "amethyst": "#9b5fc0", "cerise": "#de0c62", "carmine": "#9d0216", "vermillion": "#f4320c",
    "ecru": "#feffca", "parchment": "#fefcaf", "copper": "#b66325", "bronze": "#a87900",
    "ultramarine": "#2000b1", "saffron": "#feb209", "marigold": "#fcc006", "cornflower": "#6a79f7",
    "seafoam": "#80f9ad", "seafoam green": "#7af9ab",
    # a name and its family: "ice blue", "brick red", "bubblegum pink"
    "ice blue": "#d7fffe", "sea blue": "#047495", "royal purple": "#4b006e", "sunflower yellow": "#ffda03",
    "golden yellow": "#fec615", "canary yellow": "#fffe40", "butter yellow": "#fffd74",
    "kelly green": "#02ab2e", "hunter green": "#0b4008", "bottle green": "#044a05",
    "racing green": "#014600", "british racing green": "#05480d", "army green": "#4b5d16",
    "moss green": "#658b38", "pine green": "#0a481e", "jungle green": "#048243", "grass green": "#3f9b0b",
    "apple green": "#76cd26", "pea green": "#8eab12", "brick red": "#8f1402", "cherry red": "#f7022a",
    "blood red": "#980002", "wine red": "#7b0323", "rose pink": "#f7879a", "rose red": "#be013c",
    "salmon pink": "#fe7b7c", "baby pink": "#ffb7ce", "baby green": "#8cff9e", "baby purple": "#ca9bf7",
    "bubblegum pink": "#fe83cc", "burnt orange": "#c04e01", "burnt sienna": "#b04e0f",
    "burnt umber": "#a0450e", "chocolate brown": "#411900", "milk chocolate": "#7f4e1e",
    "golden brown": "#b27a01", "lavender blue": "#8b88f8", "lavender pink": "#dd85d7",
    "french blue": "#436bad", "prussian blue": "#004577", "electric blue": "#0652ff",
    "steel grey": "#6f828a", "turquoise blue": "#06b1c4", "turquoise green": "#04f489",
    "aqua blue": "#02d8e9", "aqua green": "#12e193", "blue grey": "#607c8e", "grey blue": "#6b8ba4",
    "grey green": "#789b73", "green grey": "#77926f", "warm grey": "#978a84", "cool grey": "#95a3a6",
    # pastel, pale, light
    "pastel pink": "#ffbacd", "pastel blue": "#a2bffe", "pastel green": "#b0ff9d",
    "pastel yellow": "#fffe71", "pastel purple": "#caa0ff", "pastel orange": "#ff964f",
    "pastel red": "#db5856", "pale pink": "#ffcfdc", "pale blue": "#d0fefe", "pale yellow": "#ffff84",
    "pale purple": "#b790d4", "pale orange": "#ffa756", "pale red": "#d9544d", "pale rose": "#fdc1c5",
    "pale peach": "#ffe5ad", "pale lilac": "#e4cbff", "pale lavender": "#eecffe", "pale teal": "#82cbb2",
    "pale grey": "#fdfdfe", "pale mauve": "#fed0fc", "pale olive": "#b9cc81", "pale salmon": "#ffb19a",
    "pale gold": "#fdde6c", "pale lime": "#befd73", "pale aqua": "#b8ffeb", "pale cyan": "#b7fffa",
    "pale magenta": "#d767ad", "pale violet": "#ceaefa", "light purple": "#bf77f6",
    "light orange": "#fdaa48", "light red": "#ff474c", "light brown": "#ad8150", "light teal": "#90e4c1",
    "light lavender": "#dfc5fe", "light peach": "#ffd8b1", "light mint": "#b6ffbb", "light rose": "#ffc5cb",
    "light lilac": "#edc8ff", "light mauve": "#c292a1", "light olive": "#acbf69", "light sage": "#bcecac",
    "light tan": "#fbeeac", "light beige": "#fffeb6", "light khaki": "#e6f2a2", "light navy": "#155084",
    "light maroon": "#a24857", "light burgundy": "#a8415b", "light violet": "#d6b4fc",
    "light magenta": "#fa5ff7", "light turquoise": "#7ef4cc", "light aqua": "#8cffdb",
    "light gold": "#fddc5c", "light mustard": "#f7d560", "light indigo": "#6d5acf",
    "light plum": "#9d5783", "light periwinkle": "#c1c6fc",
    # dark and deep
    "dark pink": "#cb416b", "dark purple": "#35063e", "dark yellow": "#d5b60a", "dark brown": "#341c02",
    "dark teal": "#014d4e", "dark navy": "#000435", "dark navy blue": "#00022e", "dark mint": "#48c072",
    "dark sage": "#598556", "dark rose": "#b5485d", "dark mauve": "#874c62", "dark lavender": "#856798",
    "dark lilac": "#9c6da5", "dark peach": "#de7e5d", "dark coral": "#cf524e", "dark maroon": "#3c0008",
    "dark beige": "#ac9362", "dark tan": "#af884a", "dark sand": "#a88f59", "dark taupe": "#7f684e",
    "dark lime": "#84b701", "dark aqua": "#05696b", "dark gold": "#b59410", "dark mustard": "#a88905",
    "dark indigo": "#1f0954", "dark plum": "#3f012c", "dark olive": "#373e02",
    "dark forest green": "#002d04", "dark cream": "#fff39a", "dark periwinkle": "#665fd1",
    "dark fuchsia": "#9d0759", "dark hot pink": "#d90166", "deep purple": "#36013f",
    "deep blue": "#040273", "deep red": "#9a0200", "deep green": "#02590f", "deep orange": "#dc4d01",
    "deep teal": "#00555a", "deep rose": "#c74767", "deep magenta": "#a0025c", "deep violet": "#490648",
    "deep lavender": "#8d5eb7", "deep lilac": "#966ebd", "deep brown": "#410200", "deep aqua": "#08787f",
    "deep turquoise": "#017374", "deep sea blue": "#015482",
    # dusty, dusky, muted, soft
    "dusty pink": "#d58a94", "dusty blue": "#5a86ad", "dusty green": "#76a973", "dusty purple": "#825f87",
    "dusty red": "#b9484e", "dusty teal": "#4c9085", "dusty lavender": "#ac86a8", "dusty orange": "#f0833a",
    "dusky rose": "#ba6873", "dusky pink": "#cc7a8b", "dusky blue": "#475f94", "dusky purple": "#895b7b",
    "muted pink": "#d1768f", "muted blue": "#3b719f", "muted green": "#5fa052", "muted purple": "#805b87",
    "soft pink": "#fdb0c0", "soft blue": "#6488ea", "soft green": "#6fc276", "soft purple": "#a66fb5",
    # bright, vivid, neon, warm, cool
    "bright red": "#ff000d", "bright blue": "#0165fc", "bright green": "#01ff07",
    "bright yellow": "#fffd01", "bright orange": "#ff5b00", "bright pink": "#fe01b1",
    "bright purple": "#be03fd", "bright teal": "#01f9c6", "bright turquoise": "#0ffef9",
    "bright cyan": "#41fdfe", "bright lilac": "#c95efb", "bright lavender": "#c760ff",
    "bright magenta": "#ff08e8", "bright violet": "#ad0afd", "bright aqua": "#0bf9ea",
    "bright lime": "#87fd05", "bright sky blue": "#02ccfe", "vivid blue": "#152eff",
    "vivid green": "#2fef10", "vivid purple": "#9900fa", "neon green": "#0cff0c", "neon pink": "#fe019a",
    "neon blue": "#04d9ff", "neon purple": "#bc13fe", "neon yellow": "#cfff04", "neon red": "#ff073a",
    "warm pink": "#fb5581", "warm blue": "#4b57db", "warm purple": "#952e8f", "warm brown": "#964e02",
    "cool blue": "#4984b8", "cool green": "#33b864",
}  # fmt: skip
"""The xkcd survey's names, the colour its people meant by each."""

WIKIPEDIA: dict[str, str] = {
    "champagne": "#f7e7ce", "pearl": "#eae0c8", "jet black": "#343434", "lavender grey": "#c4c3d0",
}  # fmt: skip
"""Names the survey lacks: Wikipedia's "Champagne", "Pearl", "Jet" (a black) and "Lavender gray"."""


def _keys(names: dict[str, str]) -> dict[str, str]:
    """Each name as lookups join it ("dustyrose"), and with "gray" for "grey"."""
    joined = {name.replace(" ", ""): value for name, value in names.items()}
    return {**{k.replace("grey", "gray"): v for k, v in joined.items()}, **joined}


COMMON_COLOURS: dict[str, str] = {**_keys(WIKIPEDIA), **_keys(XKCD)}
"""Every common name of this module, joined as lookups join words."""
