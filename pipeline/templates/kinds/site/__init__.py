"""A brochure, portfolio or landing page: the sections the request names, and a contact form."""

from __future__ import annotations

from pipeline.templates.blueprint import Cue, KindDefinition, View, blueprint

BLUEPRINT = blueprint("site", None, (View("home", "Home", "SiteView"),), needs=("message",))

DEFINITION = KindDefinition(
    key="site",
    priority=200,
    cues=(
        Cue(r"\b(landing|brochure|portfolio|personal|company|business|agency|marketing)\s+(page|site|website)\b|(?<!stock )(?<!investment )(?<!share )\bportfolio\b|\blanding\s+page\b|\bhome\s*page\b|\b(web)?site\s+for\s+(my|our|a|an)\s+(\w+\s+)?(bakery|restaurant|cafe|studio|salon|business|company|agency|band|firm|practice|gym|school|church|startup|photographer|designer|consultancy|hotel|clinic|hospital|charity|museum|nonprofit|theatre|theater)\b|\bopening\s+(?:hours|times)\b", "Website", ("message",)),
    ),
    blueprint=BLUEPRINT,
    prompt='site (a brochure, portfolio or landing page with sections; "pages" are its sections, e.g. about, services, contact)',
    prompt_group="business",
)  # fmt: skip
