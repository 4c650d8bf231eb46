"""Every GET route of the app with its parts filled from one side of the security world."""

import re

# Capability links and static files are not objects a role reads; API tokens and allocation runs belong to no
# enterprise (and an exhibitor's own token would rightly answer to it); nor are the admins' outbox messages.
SKIPPED_PARTS = {"token", "key", "filename", "path", "token_id", "run_id", "message_id"}
_ANY = re.compile(r"<any\(([^)]*)\):(\w+)>")
_PART = re.compile(r"<(?:[a-z]+:)?(\w+)>")


def _value(rule: str, name: str, world: dict, side: dict):
    if name == "code":
        if rule.startswith("/lang/"):
            return "en"
        return side["booth"].code if "/booths/" in rule else world["fair"].code
    if name == "file_id":
        return side["scan"].id if rule.startswith("/contracts/") else side["licence"].id
    if name == "visitor_id":
        return side["staff"].id if "/staff/" in rule else side["buyer"].id
    return {"fair_id": world["fair"].id, "hall_id": world["hall"].id, "enterprise_id": side["enterprise"].id,
            "application_id": side["application"].id, "contract_id": side["contract"].id,
            "lead_id": side["lead"].id, "meeting_id": side["meeting"].id, "programme_id": world["programme"].id,
            "project_id": world["project"].id, "agency_id": world["agency"].id, "grant_id": side["grant"].id,
            "user_id": side["owner"].id, "job_id": 1, "invitation_id": side["invitation"].id,
            "session_id": side["login"].id}[name]


SHARED_PARTS = {"fair_id", "hall_id", "programme_id", "project_id", "agency_id", "code", "kind", "file_format",
                "job_id"}


def names_an_object(url_rule: str) -> bool:
    """Whether a rule names one side's own object (an enterprise, application, contract, file…), not only the
    fair, hall or programme both sides share."""
    return bool({name for name in _PART.findall(url_rule)} - SHARED_PARTS)


def get_urls(app, world: dict, side: dict) -> list[str]:
    """Each GET route (pages and API) as a URL naming `side`'s objects; `<any(…)>` parts give one URL each."""
    return sorted({url for url, _rule in get_routes(app, world, side)})


def get_routes(app, world: dict, side: dict, method: str = "GET") -> list[tuple[str, str]]:
    """(URL, rule) of each route answering `method` filled with `side`'s objects, as `get_urls`."""
    urls = []
    for rule in app.url_map.iter_rules():
        if method not in (rule.methods or ()) or rule.arguments & SKIPPED_PARTS:
            continue
        variants = [rule.rule]
        for options, _name in _ANY.findall(rule.rule):
            variants = [_ANY.sub(option.strip(), variant, count=1)
                        for variant in variants for option in options.split(",")]
        for variant in variants:
            urls.append((_PART.sub(lambda part, r=rule.rule: str(_value(r, part.group(1), world, side)), variant),
                         rule.rule))
    return sorted(set(urls))
