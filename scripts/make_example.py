"""Write the bundled SYNTHETIC example consultation: two cycles of a Citizen Space export.

Usage::

    python scripts/make_example.py            # rewrites data/raw/example/ and data/raw/example-2028/
    python scripts/make_example.py --root DIR # writes DIR/data/raw/... instead

The data are invented for demonstration and testing; no real person or response is in them.
They model an English county council's consultation on a draft Community Safety Strategy in
a two-tier area (the fictional county of Elmshire and its five districts): closed agree/disagree
questions, a yes/no question, a tick-all-that-apply question, two free-text questions, and the
mess of a real export (label variants, mojibake, an exact duplicate, a resubmission, a campaign,
non-answers, personal data in the text, non-breaking spaces, a UTF-8 byte-order mark).

The output is deterministic: only ``random.Random(seed).random()`` is drawn, whose sequence
Python keeps stable across versions, so every run writes byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from consult.core.files import write_bytes, write_text

EXPORT_NAME = "community-safety-strategy-responses.csv"

# ----------------------------------------------------------------------------- the export's columns
COL_ID = "Response ID"
COL_SUBMITTED = "Submitted"
COL_CAPACITY = "Are you responding as an individual or on behalf of an organisation?"
COL_ORG_NAME = "What is the name of your organisation?"
COL_PARTNER = "Which type of organisation are you responding on behalf of?"
COL_AREA = "In which district do you live or, for organisations, mainly work?"
COL_Q1 = "1. To what extent do you agree or disagree that the purpose and aims of the Strategy are clear?"
COL_Q2 = (
    "2. To what extent do you agree or disagree that the Strategy reflects the County Council's role "
    "within a two-tier local authority structure?"
)
COL_Q3 = "3. To what extent do you agree or disagree with the proposed priorities?"
COL_Q3A = "3a. Please explain your answer"
COL_PRIORITIES = "3b. Which of the proposed priorities matter most to you? (tick all that apply)"
COL_Q4 = (
    "4. To what extent do you agree or disagree that the Strategy will make a difference to community "
    "safety in your area?"
)
COL_Q5 = "5. Do you have any other comments on the draft Strategy?"
COL_ASB = "6. Have you been affected by anti-social behaviour in the last 12 months?"
COL_EMAIL = "If you would like to be kept informed about the Strategy, please give your e-mail address"

COLUMNS = (
    COL_ID, COL_SUBMITTED, COL_CAPACITY, COL_ORG_NAME, COL_PARTNER, COL_AREA,
    COL_Q1, COL_Q2, COL_Q3, COL_Q3A, COL_PRIORITIES, COL_Q4, COL_Q5, COL_ASB, COL_EMAIL,
)
AGREE_COLUMNS = {"q1": COL_Q1, "q2": COL_Q2, "q3": COL_Q3, "q4": COL_Q4}

PRIORITIES = (
    "Tackling domestic abuse",
    "Reducing anti-social behaviour",
    "Serious violence and county lines",
    "Road safety",
    "Reducing reoffending",
    "Safeguarding vulnerable people",
)

# ----------------------------------------------------------------------------- places and people
@dataclass(frozen=True)
class District:
    name: str
    council: str
    rural: bool
    town: str
    villages: tuple[str, ...]


DISTRICTS = (
    District("Ashcombe", "Ashcombe District Council", True, "Ashcombe",
             ("Little Ashby", "Nether Stow", "Coldharbour", "Upper Wetherden")),
    District("Eastwold", "Eastwold District Council", True, "Eastwold Market",
             ("Thornbury Green", "Hartley Cross", "Wickham St Giles", "Fenby")),
    District("Hollinbridge", "Hollinbridge Borough Council", False, "Hollinbridge",
             ("Brockley End", "Sandal Heath")),
    District("Kingsmere", "Kingsmere District Council", False, "Kingsmere",
             ("Ousby", "Kelham Magna", "Stanway")),
    District("Stourfield", "Stourfield Borough Council", False, "Stourfield",
             ("Lydgate", "Priors Norton")),
)
DISTRICT_WEIGHTS = (0.20, 0.18, 0.24, 0.19, 0.19)
COUNTYWIDE = "County-wide / more than one district"
OUTSIDE = "Outside Elmshire"

PARTNER_TYPES = {  # export label -> share of organisations, and the names they write
    "District or borough council": (0.08, (
        "Ashcombe District Council", "Hollinbridge Borough Council", "Kingsmere District Council",
        "Stourfield BC", "Eastwold District Council - Community Safety Team")),
    "Police": (0.05, (
        "Elmshire Police", "Office of the Elmshire Police and Crime Commissioner",
        "Elmshire Constabulary (Neighbourhood Policing)")),
    "Fire and rescue": (0.03, ("Elmshire Fire and Rescue Service", "Elmshire FRS - Prevention Team")),
    "NHS or health organisation": (0.08, (
        "NHS Elmshire Integrated Care Board", "Elmshire Community Health NHS Trust",
        "Hollinbridge Primary Care Network", "Elmshire and Stourfield Hospitals NHS Foundation Trust",
        "Elmshire Mental Health Partnership NHS Trust")),
    "Probation": (0.03, ("The Probation Service, Elmshire", "Probation Service - Elmshire PDU")),
    "Voluntary and community sector": (0.20, (
        "Safe Haven Elmshire", "Hollinbridge Youth Trust", "Elmshire Rural Community Council",
        "Kingsmere Older People's Forum", "Stourfield Community Hub", "Elmshire Victims' Advice Service",
        "Open Door Recovery", "Eastwold Women's Aid", "Elmshire Mind", "Street Pastors Hollinbridge",
        "Kingsmere Food Bank", "Elmshire Refugee Welcome", "Bridges Mentoring CIC")),
    "Parish or town council": (0.25, tuple(f"{v} Parish Council" for d in DISTRICTS for v in d.villages)
                               + ("Eastwold Market Town Council", "Ashcombe Town Council")),
    "Housing association": (0.07, ("Elmvale Homes", "Stourfield Housing Association",
                                   "Kingsmere Community Housing", "Wold Valley Homes")),
    "Other": (0.21, (
        "Elmshire Neighbourhood Watch Association", "Kingsmere Chamber of Commerce",
        "Hollinbridge Business Improvement District", "Elmshire Cycling Campaign",
        "St Mark's Church, Stourfield", "Hollinbridge Mosque and Community Centre",
        "Elmshire Federation of Tenants' and Residents' Associations", "Eastwold Riding Club",
        "Stourfield Taxi Drivers Association", "Elmshire Landowners Group", "Kingsmere Rotary Club",
        "Elmshire Secondary Heads Forum", "Stourfield Pubwatch")),
}
COUNTYWIDE_PARTNERS = {"Police", "Fire and rescue", "NHS or health organisation", "Probation"}

FIRST_NAMES = (
    "alison", "ben", "carol", "dave", "emma", "frank", "gill", "harjit", "ian", "jo", "karen", "liam",
    "mandy", "nadia", "owen", "pat", "rachel", "sanjay", "tom", "val", "wendy", "yusuf", "zoe", "keith",
)
SURNAMES = (
    "pritchard", "okafor", "hargreaves", "bennett", "kowalski", "shah", "morris", "doyle", "ellis",
    "turner", "patel", "walsh", "fletcher", "hughes", "nowak", "clarke", "reid", "barker", "begum",
)
MAIL_DOMAINS = ("example.com", "example.org", "example.net", "example.co.uk")

# ----------------------------------------------------------------------------- answer labels as exported
# canonical option -> (label as it appears in the export, weight)
AGREE_LABELS = {
    "SA": (("Strongly agree", 0.80), ("strongly agree", 0.10), ("Strongly Agree", 0.07), ("STRONGLY AGREE", 0.03)),
    "A": (("Agree", 0.74), ("Agree ", 0.08), ("Tend to agree", 0.10), ("AGREE", 0.03), ("agree", 0.05)),
    "N": (("Neither agree nor disagree", 0.80), ("Neither agree or disagree", 0.15),
          ("neither agree nor disagree", 0.05)),
    "D": (("Disagree", 0.82), ("Tend to disagree", 0.08), ("disagree", 0.05), (" Disagree", 0.05)),
    "SD": (("Strongly disagree", 0.80), ("Strongly Disagree", 0.15), ("strongly disagree", 0.05)),
    "DK": (("Don't know", 0.58), ("Don\u2019t know", 0.30), ("Don\u00e2\u20ac\u2122t know", 0.06),
           ("Don't Know", 0.06)),
    "": (("", 1.0),),
}
YES_NO_LABELS = {
    "Yes": (("Yes", 0.9), ("yes", 0.1)),
    "No": (("No", 0.9), ("no", 0.1)),
    "Not sure": (("Not sure", 0.8), ("Don't know", 0.2)),
    "": (("", 1.0),),
}
CAPACITY_LABELS = {
    "individual": (("Individual", 0.84), ("individual ", 0.08), ("As an individual", 0.05), ("INDIVIDUAL", 0.03)),
    "organisation": (("On behalf of an organisation", 0.80), ("Organisation", 0.10),
                     ("on behalf of an organisation", 0.05), ("On behalf of an organization", 0.05)),
}

# ----------------------------------------------------------------------------- free text
# Theme -> tone -> sentences. "+" supportive, "-" critical (both written as residents write),
# "o" the longer, formal register of a partner organisation. {town} and {village} are the
# respondent's own places.
THEMES: dict[str, dict[str, tuple[str, ...]]] = {
    "public_health": {
        "+": (
            "Good to see violence being talked about as a public health issue and not just a police one.",
            "I like that the strategy mentions mental health, so many of the problems round here start there.",
            "Pleased the public health team are involved, alcohol and drugs are behind most of the trouble we see.",
            "Treating knife crime like something that spreads from person to person makes sense to me.",
            "The bit about prevention and early help is the right approach.",
            "Really pleased to see mental health recognised, it's at the root of so much of this.",
            "Joining up with the NHS on drugs and alcohol is the right thing to do.",
            "Prevention is better than cure and it's good that health is part of the plan.",
            "It makes sense to treat addiction as a health problem as well as a crime problem.",
            "As a nurse I see the fallout of violence and drink every weekend, so I'm glad health is in this.",
            "Good that alcohol harm is mentioned, town centres on a Saturday night are a health issue as much "
            "as a policing one.",
        ),
        "-": (
            "There is nothing in here about mental health services, and that is where half the police time goes.",
            "Community safety and health should be joined up but the Strategy reads as if public health "
            "doesn't exist.",
            "You can't fix crime without fixing addiction and there's barely a line about treatment services.",
            "Why is there no mention of the Health and Wellbeing Board? They should own some of this.",
            "My son waited 14 months for a mental health appointment and ended up in trouble with the police "
            "in the meantime. That is the real community safety issue.",
            "alcohol is the biggest driver of violence in town on a friday night and the strategy hardly mentions it",
            "Loneliness and poor mental health make older people easy targets for scammers, link this to "
            "health services.",
            "GPs, A&E and the ambulance service see the results of violence every weekend, so why aren't "
            "they part of this?",
        ),
        "o": (
            "We would welcome a clearer link between the Strategy and the Joint Health and Wellbeing Strategy, "
            "particularly on alcohol, drug misuse and mental health.",
            "The public health approach to serious violence is referenced in the introduction but is not carried "
            "through into the priorities or the action plan.",
            "As a health partner we would ask that the Strategy sets out how it will use public health data, "
            "including hospital admissions for assault, to target prevention.",
            "Many of the people who come to the attention of community safety partners have unmet health needs; "
            "the Strategy should commit to joint commissioning with the NHS and public health.",
            "We recommend that the Strategy adopts the public health model explicitly, with primary, secondary and "
            "tertiary prevention set out for each priority.",
            "The Integrated Care Board would be keen to work with the County Council on a shared outcomes "
            "framework that links community safety and health inequalities.",
            "There is scope to strengthen the links with substance misuse treatment services, which are "
            "commissioned by the County Council's public health team.",
            "We note that the Serious Violence Duty requires a public health approach, and suggest the Strategy "
            "makes clearer how health bodies, as specified authorities, will contribute.",
        ),
    },
    "county_role": {
        "+": (
            "It's clear what the County Council is responsible for, which I didn't know before.",
            "Helpful to see what the county does as opposed to the district, I always get confused.",
            "The section on the County Council's responsibilities was useful and easy to follow.",
            "I didn't realise the county council ran trading standards and the scams work, good to see it "
            "included.",
            "Nice to see the council setting out what it will do itself rather than just leaving it to the "
            "police.",
            "The diagram showing who does what between the county and districts was helpful.",
            "At least it's honest about what the council can and can't do.",
            "Pleased the County Council is taking a lead on this.",
        ),
        "-": (
            "It says a lot about partners but very little about what the County Council itself will actually do.",
            "Where are the actions? It's all aims and no detail about who does what or when.",
            "I read it twice and still couldn't tell you one concrete thing the county council is going to "
            "do differently.",
            "Lots of words like 'work with' and 'support' but no commitments from the council.",
            "The strategy needs an action plan with named services, timescales and budgets, otherwise it's "
            "just a wish list.",
            "what is the county council actually going to do. it just says the police will do things",
            "very vague. no actions, no targets, no dates.",
            "It would help to know which council department is responsible for each priority, because when "
            "something goes wrong nobody seems to own it.",
            "The county runs trading standards, highways, social care and schools, surely there's more it could "
            "say about its own services.",
            "The county council should say what it is going to do with its own money, not just coordinate "
            "everyone else.",
            "Everything is 'partners will'. Which partners? Will what?",
        ),
        "o": (
            "The Strategy would benefit from a clearer statement of the County Council's own contribution, for "
            "example through trading standards, highways, children's services and adult social care.",
            "We would welcome more detail on the specific actions the County Council will take as a responsible "
            "authority, as distinct from those of the Community Safety Partnerships.",
            "It is not always clear where the County Council is leading and where it is expecting district "
            "councils or the police to deliver.",
            "We suggest that an action plan is published alongside the Strategy, setting out lead officers, "
            "milestones and resources for each commitment.",
            "The Strategy describes the County Council's statutory duties well, but says less about how these "
            "will translate into operational activity in our district.",
            "The role of the County Council's trading standards service in tackling doorstep crime and scams "
            "could be given greater prominence.",
            "Clarity on the County Council's responsibilities would help parish councils know who to approach "
            "with local concerns.",
            "The document would be strengthened by setting out what the County Council will stop, start and "
            "continue doing as a result of the Strategy.",
        ),
    },
    "domestic_abuse": {
        "+": (
            "Really glad domestic abuse is a priority. It happens behind closed doors in every kind of household.",
            "As someone who has been through domestic abuse I'm pleased to see it at the top of the list.",
            "Domestic abuse should definitely be a priority, it affects so many children as well.",
            "Support the focus on domestic abuse and coercive control, people still don't understand what it is.",
            "I agree with the domestic abuse priority, the refuge in {town} is always full.",
            "Domestic abuse has to be in there, one in four women experience it.",
            "Good to see support for children who live with domestic abuse, they are often forgotten.",
            "The domestic abuse work is the best part of the strategy in my view.",
            "My friend got help from the outreach service and it saved her life, please keep funding it.",
            "Pleased coercive control is recognised, it took me years to realise that's what was happening to "
            "me.",
        ),
        "-": (
            "Domestic abuse is mentioned but there's nothing about the waiting lists for support services "
            "which are huge.",
            "It took my sister three years to get away from her ex and she was let down by almost every agency. "
            "Saying it's a priority isn't enough.",
            "Male victims of domestic abuse are invisible in this document.",
            "there is no point making domestic abuse a priority if there are no refuge places in the county",
            "The strategy should say more about perpetrators, victims always have to be the ones who move out.",
            "Older people experience domestic abuse too, often from adult children, and that isn't reflected.",
            "Domestic abuse in rural areas is even more hidden, there's no bus to get to help and "
            "everybody knows everybody.",
            "Victims are still being sent to court with their abusers sitting metres away, nothing here changes "
            "that.",
            "Stalking should be included with domestic abuse, it's just as frightening.",
        ),
        "o": (
            "We strongly support the inclusion of domestic abuse as a priority, and would ask that the Strategy "
            "references the County's duties under the Domestic Abuse Act 2021 in relation to safe accommodation.",
            "The Strategy should recognise the impact of domestic abuse on children as victims in their own "
            "right, and the role of schools and early help services.",
            "We would welcome a commitment to sustained funding for independent domestic violence advisers, "
            "whose caseloads currently exceed recommended levels.",
            "Our services report a significant increase in referrals for coercive and controlling behaviour; we "
            "would encourage the Strategy to reflect this.",
            "Housing providers have an important role in identifying domestic abuse and we would welcome being "
            "named as a partner in this priority.",
            "The domestic abuse priority would benefit from measurable outcomes, such as repeat victimisation "
            "rates and the time victims wait for support.",
            "We recommend that perpetrator programmes are included alongside victim support, as part of a "
            "whole-system approach to domestic abuse.",
            "Specialist domestic abuse support for victims from minority communities and for those with no "
            "recourse to public funds should be acknowledged.",
        ),
    },
    "rural_asb": {
        "+": (
            "Pleased anti-social behaviour is in there, it's the thing that affects people day to day.",
            "Agree with tackling ASB, the youths hanging round the shop in {village} have made it a no go "
            "area at night.",
            "Glad ASB is a priority, it wears people down more than anything else.",
            "Anti-social behaviour is the right priority, it's what people in {village} talk about most.",
            "I support the ASB priority, hopefully it means the villages get some attention too.",
            "Good that anti-social behaviour is on the list, we've had a rough year in {village}.",
            "The ASB priority is right, though I hope it covers villages as well as towns.",
            "Pleased to see off-road bikes mentioned, they are a real nuisance round here.",
        ),
        "-": (
            "This strategy is all about the towns. In {village} we have off-road bikes tearing across the "
            "playing field every weekend and nobody comes.",
            "Rural areas are forgotten. We report anti-social behaviour and are told there's no one to send.",
            "Anti social behaviour in the villages is getting worse and the strategy doesn't mention villages once.",
            "We've had sheds broken into, cars damaged and graffiti on the village hall in {village}, all in the "
            "last six months.",
            "there is nothing for rural communities in this, asb in {village} is out of control",
            "Fly tipping, hare coursing and quad bikes are what we deal with out here, none of it is in the plan.",
            "Living in a village doesn't mean we don't get crime. It just means nobody counts it.",
            "The play park in {village} has been vandalised three times this year and the parish paid for the "
            "repairs each time.",
            "People in {village} have stopped reporting ASB because nothing ever happens, so your figures will "
            "show it isn't a problem when it is.",
            "I'd like to see a rural crime team that actually covers the villages and not just the main roads.",
            "The nearest police base is 20 miles from {village}, by the time anyone comes the bikes are long "
            "gone.",
        ),
        "o": (
            "The parish council is concerned that the Strategy underplays the impact of anti-social behaviour in "
            "rural communities, where incidents are less likely to be reported and response times are longer.",
            "We would ask that rural anti-social behaviour, including off-road motorcycles and damage to village "
            "facilities, is named explicitly within the priority.",
            "Parish and town councils are often the first to hear about anti-social behaviour and we would "
            "welcome a clear route for raising concerns with the Community Safety Partnership.",
            "The Strategy's evidence on anti-social behaviour appears to be drawn from urban areas; we suggest "
            "that rural incidents are analysed separately.",
            "Residents in our parish report a sense of isolation when dealing with anti-social behaviour, as "
            "there is no longer a visible policing presence in the village.",
            "Our tenants on rural estates experience persistent anti-social behaviour and we would welcome joint "
            "problem-solving with the police and the district council.",
            "We would support the use of the community trigger and Public Spaces Protection Orders in villages "
            "where anti-social behaviour is persistent.",
            "The Strategy should recognise that rural crime, including theft of farm machinery and fuel, has a "
            "significant impact on rural businesses and communities.",
        ),
    },
    "funding": {
        "+": (
            "Good aims, just hope the money is there to deliver them.",
            "The priorities are right but it will all come down to funding.",
            "Realistic about money, which I appreciate.",
            "I understand money is tight but these are the right things to spend it on.",
            "If the funding follows the priorities this could work.",
            "Happy to pay a bit more council tax if it means safer streets.",
            "Sensible to focus limited resources on a few priorities rather than trying to do everything.",
            "Pleased that the strategy is honest about the budget pressures.",
        ),
        "-": (
            "How is any of this going to be paid for when youth centres and libraries have been closed?",
            "Nice words but the council has cut every service that used to prevent crime.",
            "There's no budget in here at all. Without money this is just a document.",
            "You can't cut neighbourhood policing and CCTV and then say community safety is a priority.",
            "where is the funding coming from? the council keeps telling us it's broke",
            "Strategies don't make communities safer, staff and money do. I don't see either in this.",
            "Council tax goes up every year and the services that keep us safe get worse.",
            "I would rather the council spent what it has on street lighting than on consultants writing strategies.",
            "The street lights go off at midnight in our road to save money and then you wonder why people "
            "feel unsafe.",
        ),
        "o": (
            "The Strategy does not set out the resources available to deliver the priorities, which makes it "
            "difficult to judge whether the ambitions are achievable.",
            "Many of the voluntary sector services that the Strategy relies on are funded on short-term grants; "
            "we would urge the County Council to consider multi-year funding.",
            "We are concerned that the priorities have been set without reference to the reductions in funding "
            "for community safety partnerships in recent years.",
            "It would be helpful if the Strategy identified which actions are funded and which depend on future "
            "bids or partner contributions.",
            "Our capacity to contribute is limited by our own financial position, and we would welcome an honest "
            "discussion about what can realistically be delivered with the money available.",
            "We would ask that the Strategy is accompanied by a resourcing plan, including any pooled budgets "
            "between partners.",
            "The end of the Police and Crime Commissioner's community safety grant in some districts leaves "
            "funding gaps that the Strategy does not address.",
            "Without dedicated funding, small parish councils cannot sustain schemes such as Speedwatch "
            "equipment or CCTV on their own.",
        ),
    },
    "partnership": {
        "+": (
            "Good to see the councils and police working together on this for once.",
            "I like that it talks about partnership, the county and district need to talk to each other more.",
            "Working together with the police and the district councils is the only way this will work.",
            "Agree that nobody can do this on their own, the joint approach is right.",
            "The partnership approach makes sense, as long as someone takes the lead.",
            "Good that the fire service and health are included alongside the police.",
            "It's encouraging to see the county and districts agreeing a single set of priorities.",
            "Our neighbourhood panel works well because the council and police both turn up, more of that.",
        ),
        "-": (
            "The county, district and police all blame each other and residents get passed from one to another.",
            "I reported the same problem to the district council, the county and the police and each of them "
            "said it was someone else's job.",
            "Two tiers of council plus the police is too many cooks, nobody takes responsibility.",
            "Joined-up working is mentioned on every page but I've never seen it in practice.",
            "why is there a separate county strategy and district strategy? it should be one plan",
            "It would be good if the police came to parish meetings and the councils actually shared information.",
            "The different organisations don't share information so victims have to tell their story again "
            "and again.",
        ),
        "o": (
            "As a district council we welcome the Strategy, but would ask that it better reflects the role of "
            "district community safety partnerships and the statutory duties of district councils.",
            "The two-tier structure is described accurately, but the Strategy could be clearer on how county "
            "and district priorities will be aligned and how duplication will be avoided.",
            "We would welcome a shared performance framework across the county and district Community Safety "
            "Partnerships.",
            "The police would welcome continued joint tasking with district and county colleagues, and suggest "
            "the Strategy references existing problem-solving arrangements.",
            "Information sharing between partners remains a barrier; we recommend that the Strategy commits to "
            "a countywide information sharing agreement.",
            "The fire and rescue service already contributes to community safety through home safety visits and "
            "would welcome being more explicitly recognised as a partner.",
            "Probation would welcome closer working with the County Council on accommodation and employment for "
            "people leaving prison.",
            "We suggest the governance section sets out how the county board relates to the district "
            "partnerships and to the Police and Crime Commissioner.",
            "The voluntary and community sector is mentioned as a partner but is not represented on the "
            "governance structures described.",
            "We would encourage the County Council to involve district councils earlier in the development of "
            "future strategies, rather than at consultation stage.",
        ),
    },
    "road_safety": {
        "+": (
            "Very pleased to see road safety included, speeding is the number one complaint in our area.",
            "Road safety should be in there, I agree.",
            "Road safety is a big one for me, glad it's there.",
            "The roads round here are dangerous, so I'm pleased it's a priority.",
            "Speeding affects everyone, young and old, so it belongs in a community safety strategy.",
            "Good to see Community Speedwatch mentioned, our volunteers will be pleased.",
            "Pleased about road safety, especially near schools.",
            "I'm glad road safety is included, I was knocked off my bike last year.",
        ),
        "-": (
            "Cars come through {village} at 50 in a 30 and we've been asking for a speed camera for years.",
            "Speeding is the biggest community safety issue where I live and it's buried at the bottom of the list.",
            "The road outside the school in {village} is an accident waiting to happen.",
            "we need 20mph limits in the villages and someone to enforce them",
            "Community Speedwatch volunteers do their best but the police never follow up the letters.",
            "Motorbikes racing on the B roads every Sunday, it's terrifying for cyclists and horse riders.",
            "Speed limits mean nothing if they are never enforced.",
            "Pavements are so bad in places that people walk in the road, which is a safety issue too.",
            "Lorries use the lane through {village} as a rat run and there have been two crashes this winter.",
        ),
        "o": (
            "Speeding through villages is consistently the issue most raised with the parish council and we "
            "would welcome stronger support for Community Speedwatch.",
            "We would ask that road safety is given greater weight, with a clearer link to the County Council's "
            "role as highway authority.",
            "The Strategy could reference the Safer Roads Partnership and set out how data on collisions will "
            "inform local priorities.",
            "We would support a review of speed limits through villages and greater use of average speed "
            "cameras on rural routes.",
            "Road traffic collisions remain a significant cause of death and serious injury among young people "
            "and should be treated as a community safety issue.",
            "Parishes would welcome a simpler process for requesting speed indicator devices and traffic calming.",
            "We would welcome the inclusion of school safety zones and safer routes to school within the road "
            "safety priority.",
        ),
    },
    "youth": {
        "+": (
            "Good to see early intervention with young people, that's where it has to start.",
            "I agree with the focus on diverting young people away from crime.",
            "Investing in young people now saves a fortune later.",
            "Pleased to see youth work mentioned, the detached youth workers in {town} do a great job.",
            "The focus on early help for families is spot on.",
            "Young people need positive things to do and it's good the strategy recognises that.",
            "Very glad the strategy talks about young people as victims of exploitation and not just offenders.",
            "Good to see mentoring for young people at risk, it turned my nephew around.",
        ),
        "-": (
            "There is nothing for teenagers to do here since the youth club shut, so of course they hang around "
            "causing trouble.",
            "Bring back youth workers. Kids need somewhere to go and someone to talk to.",
            "The strategy talks about young people as a problem rather than people who need support.",
            "my kids are 14 and 16 and there is literally nothing for them in the evenings",
            "Sports clubs and youth groups do more to prevent crime than any strategy.",
            "Young people are being exploited because they've got nowhere safe to be.",
            "Why are schools not mentioned? Exclusions lead straight to the people who groom kids into dealing.",
            "The skate park in {town} was the only thing for teenagers and it's been shut for a year.",
            "Buses stop at 6pm so teenagers in the villages can't get to anything even if it existed.",
        ),
        "o": (
            "We would welcome investment in detached youth work and diversionary activities, particularly in "
            "areas without permanent youth facilities.",
            "Our experience is that sport and mentoring programmes are effective in diverting young people from "
            "offending, and we would be keen to work with the County Council on these.",
            "The Strategy should recognise the link between school exclusion and involvement in crime, and the "
            "role of the County Council as education authority.",
            "We recommend that young people are consulted directly on the Strategy, as their voices are largely "
            "absent from the evidence base.",
            "Youth provision in rural areas is particularly limited by transport, and outreach models should be "
            "considered.",
            "Early help for families, including parenting support, should be recognised as part of the "
            "prevention priority for young people.",
            "We would welcome recognition of the role of schools and colleges in prevention, including through "
            "personal, social and health education.",
        ),
    },
    "police_visibility": {
        "+": (
            "The PCSO in our area is brilliant, more of that please.",
            "Pleased it mentions neighbourhood policing, people feel safer when they see officers about.",
            "Having a named PCSO for each area is a great idea.",
            "Good to see a commitment to neighbourhood policing, it's what people want.",
            "Our local officers are very responsive when you can get hold of them, so more of them would be "
            "welcome.",
            "The police surgeries at the library have been really useful, please keep them.",
            "People feel safer when they see a uniform, so I support this.",
            "Pleased to see the strategy wants police more visible in town centres at night.",
        ),
        "-": (
            "I haven't seen a police officer on foot in {town} for years.",
            "We used to have a PCSO who knew everyone. Now there's nobody.",
            "The police station in {town} closed and the front desk is only open two mornings a week.",
            "Calling 101 is pointless, you wait forty minutes and then get cut off.",
            "More bobbies on the beat, it's as simple as that.",
            "People don't report things any more because they don't think the police will come.",
            "bring back pcsos. they knew the kids and the families and stopped things before they started",
            "The police only turn up after something has happened, never before.",
            "A police car driving through once a month is not visible policing.",
            "Response times out here are an hour or more, if anyone comes at all.",
        ),
        "o": (
            "Residents consistently tell us that visible neighbourhood policing is what makes them feel safe, "
            "and we would welcome a commitment to maintaining PCSO numbers.",
            "The Strategy should acknowledge public concern about the accessibility of the police, including "
            "response times to non-emergency calls.",
            "We would welcome clarity on how neighbourhood policing teams will engage with parish councils and "
            "local communities.",
            "Visible uniformed presence at key locations, such as town centres in the evening, contributes "
            "significantly to public confidence.",
            "Our members report that police attendance at community meetings has fallen sharply, which "
            "undermines confidence in reporting.",
            "The Strategy could make more of the contribution of Special Constables and volunteers to visible "
            "community policing.",
        ),
    },
    "drugs": {
        "+": (
            "Glad county lines is in the strategy, it's happening on our estate in plain sight.",
            "Agree with the focus on serious violence and county lines.",
            "Good that county lines is a priority, it's ruining lives in {town}.",
            "Serious violence has to be on the list, knife crime is getting closer to home.",
            "Glad drugs are being taken seriously, dealing near the station is a real problem.",
            "Pleased to see exploitation of children recognised, they're victims not criminals.",
            "I support the focus on county lines and cuckooing, my elderly neighbour was targeted.",
            "Good to see drug treatment mentioned alongside enforcement.",
        ),
        "-": (
            "Drug dealing goes on openly in the car park behind the shops and has done for years.",
            "The smell of cannabis is everywhere in {town}, nobody seems to care any more.",
            "County lines gangs are using the trains to come into {town} and everyone knows which flats they use.",
            "The strategy talks about county lines but says nothing about the local users who keep it going.",
            "Knife crime has come to our town and it terrifies me as a parent.",
            "there are needles in the park where my kids play",
            "cuckooing of vulnerable people in our block has been reported over and over and still happens",
            "Dealers on bikes outside the school gates at home time, and we are told to keep reporting it.",
            "Knife arches at the station once a year aren't going to stop anything.",
        ),
        "o": (
            "We welcome the inclusion of serious violence and exploitation as a priority and would ask that the "
            "Strategy refers to the local serious violence needs assessment.",
            "Child criminal exploitation, including county lines, requires a safeguarding response, and we would "
            "welcome closer links with the Safeguarding Children Partnership.",
            "Our housing officers are increasingly identifying cuckooing of vulnerable tenants, and we would "
            "welcome clear referral pathways.",
            "The Strategy should address drug-related harm as well as supply, including access to treatment and "
            "recovery services.",
            "We would support investment in identifying and safeguarding children exploited through county lines.",
            "Recovery services report that people in treatment are frequently targeted by dealers, and we would "
            "welcome joint work to protect them.",
        ),
    },
    "measures": {
        "+": (
            "I like that it says progress will be reported every year.",
            "Good to have an annual report, I'll be looking out for it.",
            "Glad there'll be a way to see whether things are improving.",
            "The commitment to publish data by district is welcome.",
            "Pleased there are some measurable outcomes, even if they could be more ambitious.",
            "Reporting progress to the public every year is the right thing to do.",
        ),
        "-": (
            "How will we know if it has worked? There are no targets anywhere.",
            "Previous strategies said much the same thing and nothing changed. What will be different this time?",
            "There should be measurable targets so residents can hold the council to account.",
            "no measures of success, so it can't fail",
            "Please publish the figures every year so we can see whether crime is going up or down in our area.",
            "The last strategy promised an annual report and I never saw one.",
            "Targets like 'improve confidence' mean nothing unless you say by how much.",
            "Crime figures only count what's reported, you need to ask residents too.",
            "Show us what happened to the actions in the last strategy before asking us about a new one.",
        ),
        "o": (
            "We would recommend that each priority is accompanied by a small number of outcome measures, with "
            "baselines and targets, so that progress can be monitored.",
            "The Strategy would benefit from a clearer performance framework and a commitment to report progress "
            "publicly.",
            "It is not clear how the success of the Strategy will be evaluated or how the results will inform "
            "future priorities.",
            "We suggest that measures of public perception, such as feeling safe after dark, are included "
            "alongside recorded crime.",
            "Partners would welcome the opportunity to contribute to the development of shared indicators.",
            "We recommend that progress is reported by district as well as county-wide, so that local variation "
            "is visible.",
            "Outcome measures should include the experience of victims, not only volumes of recorded crime.",
        ),
    },
    "document": {
        "+": (
            "Clear and well laid out document, thank you.",
            "Easy to read, which makes a change for a council document.",
            "Well written and easy to follow.",
            "Thanks for asking for our views.",
            "The summary at the front was useful, I didn't need to read the rest.",
            "Good to see an easy read version, more council documents should have one.",
        ),
        "-": (
            "Far too long and full of jargon, I gave up halfway through.",
            "Who is this written for? Ordinary residents won't understand half of it.",
            "Please produce an easy read version, my brother has a learning disability and couldn't follow it.",
            "The consultation wasn't advertised anywhere, I only heard about it from a neighbour.",
            "Too many acronyms. CSP, PCC, SVD, VAWG, I had to keep looking them up.",
            "The online form kept timing out and I had to start again.",
            "It took me ages to find the consultation on the council website.",
            "The questions are leading, you can only really agree.",
        ),
        "o": (
            "We would suggest a shorter summary version of the Strategy for the public, with the technical "
            "detail in an appendix.",
            "The consultation period was short for organisations whose boards meet quarterly.",
            "The consultation would have benefited from engagement with seldom-heard groups, including young "
            "people and those whose first language is not English.",
            "We would welcome sight of the final version and a summary of how consultation responses have "
            "shaped it.",
        ),
    },
    "e_scooters": {
        "+": (
            "Glad to see e-scooters mentioned at last.",
            "Pleased that e-scooters are now recognised as a problem.",
            "Good that the refresh picks up e-bikes and e-scooters, it's the biggest change in the last couple "
            "of years.",
            "Including e-scooters in road safety is sensible.",
            "Glad something is finally being done about e-bikes on the pavements.",
            "The e-scooter enforcement in {town} has made a difference, keep it up.",
        ),
        "-": (
            "E-scooters on the pavement are a menace, I was nearly knocked over outside the chemist.",
            "Something needs to be done about e-scooters and e-bikes being ridden through the precinct in {town}.",
            "The illegal e-scooters are ridden at 30mph on footpaths with no lights.",
            "Older people are frightened to walk into town because of electric scooters on the pavement.",
            "Young lads on e-bikes are being used to deliver drugs, it's obvious to anyone who looks.",
            "e scooters everywhere now, the police do nothing about them",
            "My husband is partially sighted and has been clipped twice by someone on an e-scooter.",
            "Hired e-scooters get dumped across the pavement and wheelchair users can't get past.",
            "Modified e-bikes doing 40mph along the canal path, someone will be killed.",
            "Kids as young as twelve on e-scooters with no helmets weaving through traffic.",
        ),
        "o": (
            "We would welcome reference to the growing concern about the illegal use of privately owned "
            "e-scooters and modified e-bikes on pavements and in pedestrian areas.",
            "Officers are seizing increasing numbers of e-scooters and we would support joint communications "
            "with the County Council as highway authority.",
            "The misuse of e-bikes and e-scooters is now one of the most frequent anti-social behaviour "
            "complaints received by our neighbourhood teams.",
            "Disability groups have raised concerns about e-scooters obstructing footways, and we suggest this "
            "is recognised in the road safety priority.",
            "We would ask that the Strategy considers the fire risk from lithium-ion batteries in e-bikes and "
            "e-scooters, particularly in flats.",
        ),
    },
    "retail_crime": {
        "+": (
            "Pleased to see retail crime recognised, it affects everyone who works in a shop.",
            "Good to see shop theft taken seriously at last.",
            "Including retail crime is the right call, the high street needs support.",
            "Pleased the strategy recognises the abuse that shop workers put up with.",
            "The town centre beat team in {town} has made a real difference, please keep it.",
            "Glad business crime is in, small shops can't absorb the losses.",
        ),
        "-": (
            "Shoplifting in {town} is out of control, people just walk out with bags of stuff.",
            "The staff at our local Co-op get abused every day and the police don't come.",
            "Shop theft under \u00a3200 isn't even investigated, so of course it's gone up.",
            "The high street is dying and crime is part of the reason.",
            "I work in retail and I've been threatened with a knife over a few packs of meat.",
            "Security guards on the door of every shop now, it feels like nobody is in control.",
            "shoplifting is basically legal now",
            "Small independent shops can't afford to lose stock and some in {town} have closed because of it.",
            "It's organised gangs going from town to town, not people stealing to eat.",
        ),
        "o": (
            "Retail crime has increased significantly and we would welcome its inclusion in the Strategy, "
            "including violence and abuse against shop workers.",
            "We would support a town centre partnership approach bringing together retailers, the police, the "
            "district council and the Business Improvement District.",
            "Business crime reduction partnerships have proven effective elsewhere and the County Council could "
            "help to establish them across the county.",
            "The impact of shop theft on the viability of town centres should be recognised, alongside the "
            "personal impact on staff.",
            "We suggest that the Strategy sets out how reports of shop theft will be prioritised and how "
            "retailers will receive feedback.",
        ),
    },
}

# Openers for "3a. Please explain your answer", by position on question 3.
OPENERS = {
    "agree": (
        "I agree with the priorities in general.", "Broadly agree.",
        "These all seem like the right things to focus on.",
        "Mostly yes.", "The priorities cover the main issues.", "Sensible priorities on the whole.",
        "I think the priorities are right.", "Yes, these are the things that matter.",
        "All good priorities.", "Can't argue with any of them.",
    ),
    "neutral": (
        "Some of the priorities are right, some are missing.", "Hard to say.", "It's fine as far as it goes.",
        "Not sure they are the right ones for my area.", "They're ok but very general.",
    ),
    "disagree": (
        "I disagree with the priorities.", "The priorities are too vague.",
        "These priorities are not what matters to people where I live.", "Not really.",
        "The list misses the things that actually affect us.", "I don't think the priorities reflect real life.",
        "Same old priorities as last time.", "These are police priorities, not residents' priorities.",
        "Wrong priorities.",
    ),
}
ORG_OPENERS = (
    "{org} welcomes the opportunity to respond to the consultation on the draft Community Safety Strategy.",
    "We broadly support the proposed priorities.",
    "On behalf of {org}, we are pleased to submit the following comments.",
    "We support the overall direction of the Strategy but have some concerns about its detail.",
    "{org} supports the priorities set out in the draft Strategy.",
    "Thank you for the opportunity to comment on the draft Strategy.",
    "The comments below were agreed at our meeting this month.",
)
ORG_CLOSERS = (
    "We look forward to continuing to work with the County Council on the delivery of the Strategy.",
    "We would be happy to discuss these comments further.",
    "Officers would be pleased to meet to discuss any of the points above.",
)
# Sentences only some kinds of organisation would write, by how they begin.
_DISTRICT, _POLICE, _FIRE = "District or borough council", "Police", "Fire and rescue"
_HEALTH, _PROBATION, _VCS = "NHS or health organisation", "Probation", "Voluntary and community sector"
_PARISH, _HOUSING, _OTHER = "Parish or town council", "Housing association", "Other"
ONLY_FOR = {
    "As a district council": (_DISTRICT,),
    "The police would welcome": (_POLICE,),
    "Officers are seizing": (_POLICE,),
    "The misuse of e-bikes and e-scooters is now": (_POLICE, _DISTRICT),
    "The fire and rescue service already": (_FIRE,),
    "We would ask that the Strategy considers the fire risk": (_FIRE, _HOUSING),
    "Probation would welcome": (_PROBATION,),
    "Housing providers have": (_HOUSING,),
    "Our housing officers": (_HOUSING,),
    "Our tenants on rural estates": (_HOUSING,),
    "The parish council is concerned": (_PARISH,),
    "Residents in our parish": (_PARISH,),
    "Speeding through villages is consistently": (_PARISH,),
    "Parishes would welcome": (_PARISH,),
    "Without dedicated funding, small parish councils": (_PARISH,),
    "Clarity on the County Council's responsibilities would help parish": (_PARISH, _DISTRICT),
    "As a health partner": (_HEALTH,),
    "The Integrated Care Board": (_HEALTH,),
    "Our services report": (_VCS, _HEALTH),
    "Recovery services report": (_VCS, _HEALTH, _PROBATION),
    "Our members report": (_VCS, _OTHER, _PARISH),
    "Many of the voluntary sector services": (_VCS,),
    "The voluntary and community sector is mentioned": (_VCS,),
    "Disability groups have raised": (_VCS, _OTHER),
    "Our experience is that sport and mentoring": (_VCS, _OTHER),
    "The comments below were agreed at our meeting": (_PARISH, _VCS, _OTHER),
    "Officers would be pleased to meet": (_DISTRICT, _POLICE, _FIRE, _HEALTH, _PROBATION, _HOUSING),
    "Retail crime has increased significantly": (_OTHER, _POLICE, _DISTRICT),
    "We would support a town centre partnership": (_OTHER, _DISTRICT, _POLICE),
    "Business crime reduction partnerships": (_OTHER, _POLICE),
    "The consultation period was short for organisations": (_VCS, _HOUSING, _OTHER),
}

# How residents lead into a sentence that starts with one of LEAD_IN_STARTS, and asides they add.
LEAD_INS = ("Personally I think ", "In my view ", "To be honest ", "I feel ", "I think ", "Honestly ")
LEAD_IN_STARTS = (
    "The strategy", "The Strategy", "The priorities", "There is no", "There's no", "There is nothing",
    "There's nothing", "It would", "It makes", "It says", "It's clear", "This strategy", "The focus",
    "The partnership", "The ASB", "The domestic", "The county",
)
ASIDES = (
    "Just my opinion.", "Thanks.", "That's all I have to say.", "Please listen this time.", "Rant over!",
    "Hope this helps.", "Thank you for asking.", "Sorry to be negative.",
)
NON_ANSWERS = (
    "n/a", "N/A", "no comment", "Nothing.", "none", "-", "No further comments", "No", "Nothing to add.",
    "See above", "no", "None.",
)
TYPOS = (
    ("government", "goverment"), ("definitely", "definately"), ("separate", "seperate"), ("a lot", "alot"),
    ("until", "untill"), ("because", "becuase"), ("which", "wich"), ("people", "poeple"),
    ("council", "counsil"), ("their", "there"), ("really", "realy"), ("anti-social", "anti social"),
    ("neighbourhood", "neighborhood"), ("priorities", "priorites"), ("nothing", "nothin"),
)


@dataclass(frozen=True)
class Campaign:
    """One organised text pasted by several respondents (a few with trivial edits)."""

    column: str
    district: str
    author: str
    text: str
    copies: int
    edited: int  # how many of the copies have a trivial edit of case or punctuation


@dataclass(frozen=True)
class Cycle:
    """One run of the consultation: its size, dates, attitudes and themes."""

    folder: str
    seed: int
    n_respondents: int
    start: date
    end: date
    means: dict[str, float]  # latent mean of each agree question; higher is more agreement
    theme_weight: dict[str, float]  # multiplies every theme's weight this cycle (absent = 1)
    campaign: Campaign
    description: str


CYCLES = (
    Cycle(
        folder="example", seed=20260112, n_respondents=398, start=date(2026, 1, 12), end=date(2026, 3, 6),
        means={"q1": 1.0, "q2": 0.45, "q3": 0.75, "q4": 0.25},
        theme_weight={"e_scooters": 0.0, "retail_crime": 0.0},
        campaign=Campaign(
            column=COL_Q3A, district="Ashcombe", author="Nether Stow and District Residents' Association",
            text=(
                "As members of the Nether Stow and District Residents' Association we are disappointed that the "
                "draft Strategy says so little about rural areas. Anti-social behaviour, off-road bikes and "
                "speeding through our villages are a daily problem, yet we have not seen a PCSO in Nether Stow "
                "for over a year. We ask the County Council to make rural anti-social behaviour a named priority "
                "and to fund visible neighbourhood policing in the villages."
            ),
            copies=12, edited=4,
        ),
        description="the draft Community Safety Strategy 2026-2029",
    ),
    Cycle(
        folder="example-2028", seed=20280110, n_respondents=350, start=date(2028, 1, 10), end=date(2028, 3, 3),
        means={"q1": 1.15, "q2": 0.8, "q3": 0.6, "q4": 0.0},
        theme_weight={"public_health": 0.1, "county_role": 0.6, "e_scooters": 1.3, "retail_crime": 1.3},
        campaign=Campaign(
            column=COL_Q5, district="Stourfield", author="Stourfield Town Centre Traders' Group",
            text=(
                "I support the Stourfield Town Centre Traders' Group response. Shop theft and abuse of staff in "
                "Stourfield have doubled in two years and most incidents are never attended. Please add retail "
                "crime to the priorities and fund a town centre beat team."
            ),
            copies=10, edited=3,
        ),
        description="the refreshed Community Safety Strategy 2028-2031",
    ),
)

# Theme weights before a respondent's profile is applied, by question.
BASE_WEIGHTS = {
    COL_Q3A: {
        "domestic_abuse": 1.2, "rural_asb": 1.0, "road_safety": 0.8, "youth": 0.8, "drugs": 0.7,
        "public_health": 0.7, "funding": 0.8, "police_visibility": 0.8, "partnership": 0.4, "county_role": 0.4,
        "measures": 0.3, "e_scooters": 0.9, "retail_crime": 0.9,
    },
    COL_Q5: {
        "county_role": 1.2, "partnership": 1.0, "funding": 1.0, "public_health": 0.8, "measures": 0.8,
        "document": 0.7, "police_visibility": 0.6, "domestic_abuse": 0.3, "rural_asb": 0.4, "youth": 0.3,
        "road_safety": 0.3, "drugs": 0.2, "e_scooters": 0.6, "retail_crime": 0.6,
    },
}
PARTNER_THEMES = {
    "District or borough council": {"partnership": 4, "county_role": 3, "funding": 1.5},
    "Police": {"partnership": 3, "police_visibility": 2, "drugs": 2, "e_scooters": 2},
    "Fire and rescue": {"partnership": 4, "road_safety": 2, "e_scooters": 2},
    "NHS or health organisation": {"public_health": 6, "domestic_abuse": 1.5, "drugs": 1.5},
    "Probation": {"partnership": 3, "drugs": 2, "public_health": 1.5},
    "Voluntary and community sector": {"domestic_abuse": 2.5, "youth": 2, "funding": 2},
    "Parish or town council": {"rural_asb": 4, "road_safety": 3, "county_role": 1.5, "police_visibility": 2},
    "Housing association": {"rural_asb": 2, "drugs": 2, "domestic_abuse": 2},
    "Other": {"retail_crime": 2, "police_visibility": 1.5},
}


# ----------------------------------------------------------------------------- randomness
class Dice:
    """Draws built only on ``random.Random.random()``, whose sequence is stable across Python versions."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def random(self) -> float:
        """A float in [0, 1)."""
        return self._rng.random()

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self._rng.random() < p

    def below(self, n: int) -> int:
        """An int in [0, n)."""
        return min(int(self._rng.random() * n), n - 1)

    def pick(self, items: Sequence[str]) -> str:
        """One of ``items``, uniformly."""
        return items[self.below(len(items))]

    def weighted(self, items: Sequence[str], weights: Sequence[float]) -> str:
        """One of ``items`` with probability proportional to its weight."""
        total = sum(weights)
        point = self._rng.random() * total
        for item, weight in zip(items, weights, strict=True):
            point -= weight
            if point < 0:
                return item
        return items[-1]

    def label(self, variants: Sequence[tuple[str, float]]) -> str:
        """One spelling from ``(spelling, weight)`` pairs."""
        return self.weighted([v for v, _ in variants], [w for _, w in variants])

    def shuffled(self, items: Sequence[str]) -> list[str]:
        """A new list of ``items`` in random order."""
        pool, out = list(items), []
        while pool:
            out.append(pool.pop(self.below(len(pool))))
        return out

    def normal(self) -> float:
        """Approximately standard normal (Irwin-Hall sum of 12 uniforms)."""
        return sum(self._rng.random() for _ in range(12)) - 6.0


# ----------------------------------------------------------------------------- respondents
@dataclass
class Respondent:
    """One person or organisation and the answers they gave."""

    rid: str
    submitted: datetime
    paper: bool
    organisation: bool
    partner: str = ""
    org_name: str = ""
    district: District | None = None
    area: str = ""
    attitude: float = 0.0
    answers: dict[str, str] = field(default_factory=dict)  # column -> exported text
    positions: dict[str, str] = field(default_factory=dict)  # agree question id -> SA/A/N/D/SD/DK/""

    @property
    def rural(self) -> bool:
        """Whether they live or work in one of the two rural districts."""
        return self.district is not None and self.district.rural

    def places(self, dice: Dice) -> dict[str, str]:
        """Their town, one of their villages and their organisation, to fill a sentence's {placeholders}."""
        district = self.district or DISTRICTS[dice.below(len(DISTRICTS))]
        return {"town": district.town, "village": dice.pick(district.villages), "org": self.org_name}


def response_id(dice: Dice, prefix: str, taken: set[str]) -> str:
    """A Citizen Space style id, ``ANON-1A2B-3C4D-5`` (online) or ``BHLF-...`` (keyed in), unused so far."""
    chars = "ABCDEFGHJKMNPQRSTUVWXYZ0123456789"
    while True:
        body = "".join(chars[dice.below(len(chars))] for _ in range(9))
        rid = f"{prefix}-{body[:4]}-{body[4:8]}-{body[8]}"
        if rid not in taken:
            taken.add(rid)
            return rid


def submitted_at(dice: Dice, cycle: Cycle, paper: bool) -> datetime:
    """A submission time: online ones cluster after launch and before the deadline; paper ones in office hours."""
    days = (cycle.end - cycle.start).days
    if paper:
        day = min(days, 7 + dice.below(days))
        moment = datetime(cycle.start.year, cycle.start.month, cycle.start.day, 9) + timedelta(days=day)
        return moment + timedelta(seconds=dice.below(8 * 3600))
    u = dice.random()
    fraction = u * 0.25 if u < 0.3 else (1 - dice.random() * 0.2 if u > 0.75 else dice.random())
    day = min(days, int(fraction * (days + 1)))
    moment = datetime(cycle.start.year, cycle.start.month, cycle.start.day, 7) + timedelta(days=day)
    return moment + timedelta(seconds=dice.below(16 * 3600 + 1800))


def partner_quota(n_orgs: int) -> list[str]:
    """Partner types for ``n_orgs`` organisations in proportion to their shares, at least one of each."""
    shares = {name: share for name, (share, _) in PARTNER_TYPES.items()}
    counts = {name: max(1, round(share * n_orgs)) for name, share in shares.items()}
    largest = max(counts, key=lambda name: counts[name])
    counts[largest] += n_orgs - sum(counts.values())
    return [name for name, count in counts.items() for _ in range(count)]


def agree_position(dice: Dice, qid: str, person: Respondent, cycle: Cycle) -> str:
    """One agree/disagree answer (SA/A/N/D/SD/DK or blank) from the respondent's attitude and group."""
    dont_know = {"q1": 0.04, "q2": 0.16, "q3": 0.04, "q4": 0.08}[qid]
    blank = {"q1": 0.015, "q2": 0.04, "q3": 0.02, "q4": 0.03}[qid]
    if person.organisation:
        dont_know /= 3
    u = dice.random()
    if u < blank:
        return ""
    if u < blank + dont_know:
        return "DK"
    shift = 0.0
    if person.organisation:
        shift += {"q1": 0.55, "q2": -0.1, "q3": 0.3, "q4": 0.15}[qid]
        if person.partner == "District or borough council" and qid == "q2":
            shift -= 0.9
        if person.partner == "Parish or town council":
            shift -= {"q1": 0.2, "q2": 0.3, "q3": 0.4, "q4": 0.5}[qid]
    elif person.rural:
        shift -= {"q1": 0.05, "q2": 0.1, "q3": 0.35, "q4": 0.75}[qid]
    loading = 0.45 if qid == "q2" else 0.8
    spread = 0.45 if qid == "q2" else 0.7
    y = cycle.means[qid] + shift + loading * person.attitude + spread * dice.normal()
    if qid == "q2" and abs(y - 0.3) < 0.3:
        return "N"
    for cut, position in ((1.25, "SA"), (0.3, "A"), (-0.25, "N"), (-1.15, "D")):
        if y > cut:
            return position
    return "SD"


def stance(position: str) -> str:
    """agree / neutral / disagree for an SA..SD/DK position."""
    return {"SA": "agree", "A": "agree", "D": "disagree", "SD": "disagree"}.get(position, "neutral")


def priorities(dice: Dice, person: Respondent) -> str:
    """The ticked priorities, in the form's order, joined by ";" (blank for some)."""
    if dice.chance(0.06):
        return ""
    chance = {
        "Tackling domestic abuse": 0.55, "Reducing anti-social behaviour": 0.5 + (0.25 if person.rural else 0),
        "Serious violence and county lines": 0.35 + (0 if person.rural else 0.1),
        "Road safety": 0.3 + (0.25 if person.rural else 0), "Reducing reoffending": 0.2,
        "Safeguarding vulnerable people": 0.4,
    }
    if person.partner == "Probation":
        chance["Reducing reoffending"] = 0.9
    if person.partner in ("NHS or health organisation", "Voluntary and community sector"):
        chance["Safeguarding vulnerable people"] = 0.8
    ticked = [option for option in PRIORITIES if dice.chance(chance[option])]
    return ";".join(ticked or [dice.pick(PRIORITIES)])


# ----------------------------------------------------------------------------- free text
def theme_weights(column: str, person: Respondent, cycle: Cycle, position: str) -> dict[str, float]:
    """How likely each theme is in this person's answer to ``column``."""
    weights = {}
    for theme, weight in BASE_WEIGHTS[column].items():
        weight *= cycle.theme_weight.get(theme, 1.0)
        weight *= PARTNER_THEMES.get(person.partner, {}).get(theme, 1.0)
        if not person.organisation:
            if person.rural:
                weight *= {"rural_asb": 3.0, "road_safety": 2.0, "police_visibility": 1.5, "drugs": 0.5,
                           "retail_crime": 0.4, "e_scooters": 0.3}.get(theme, 1.0)
            else:
                weight *= {"rural_asb": 0.15, "drugs": 1.5, "e_scooters": 1.5, "retail_crime": 1.5}.get(theme, 1.0)
        side = stance(position)
        if side == "disagree":
            weight *= {"funding": 1.6, "police_visibility": 1.6, "rural_asb": 1.4, "county_role": 1.4,
                       "measures": 1.3, "domestic_abuse": 0.6}.get(theme, 1.0)
        elif side == "agree":
            weight *= {"domestic_abuse": 1.5, "youth": 1.2, "drugs": 1.2}.get(theme, 1.0)
        if weight > 0:
            weights[theme] = weight
    return weights


class Writer:
    """Composes free-text answers from the theme sentences, using each sentence sparingly."""

    def __init__(self, dice: Dice) -> None:
        self.dice = dice
        self.used: Counter[str] = Counter()
        self.answers: Counter[str] = Counter()

    def sentence(self, pool: Sequence[str], speaker: str = "") -> str:
        """A sentence from ``pool`` that ``speaker`` (a partner type) could write, the less used the likelier."""
        fits = [s for s in pool if speaker in next((who for start, who in ONLY_FOR.items() if s.startswith(start)),
                                                   (speaker,))]
        return self.dice.weighted(fits, [1.0 / (1 + self.used[s]) ** 2 for s in fits])

    def compose(self, column: str, person: Respondent, cycle: Cycle, position: str) -> str:
        """One answer of one to six sentences; never the same wording more than twice."""
        for _ in range(50):
            text, parts = self._draft(column, person, cycle, position)
            key = re.sub(r"[^a-z]", "", text.lower())
            if self.answers[key] < 2:
                break
        self.answers[key] += 1
        self.used.update(parts)
        return text

    def _draft(self, column: str, person: Respondent, cycle: Cycle, position: str) -> tuple[str, list[str]]:
        """A candidate answer and the pool sentences it used."""
        dice = self.dice
        side = stance(position)
        weights = theme_weights(column, person, cycle, position)
        if person.organisation:
            n_themes = int(dice.weighted("123", (0.15, 0.5, 0.35)))
        else:
            n_themes = int(dice.weighted("123", (0.62, 0.32, 0.06)))
        themes: list[str] = []
        while len(themes) < min(n_themes, len(weights)):
            names = [t for t in weights if t not in themes]
            themes.append(dice.weighted(names, [weights[t] for t in names]))
        parts: list[str] = []
        if person.organisation and dice.chance(0.65):
            parts.append(self.sentence(ORG_OPENERS, person.partner))
        elif not person.organisation and column == COL_Q3A and dice.chance(0.35):
            parts.append(self.sentence(OPENERS[side]))
        for theme in themes:
            tone = self.tone(person, side)
            pool = THEMES[theme][tone] or THEMES[theme]["-"]
            for _ in range(2 if person.organisation and dice.chance(0.3) else 1):
                parts.append(self.sentence(pool, person.partner))
        if person.organisation and dice.chance(0.3):
            parts.append(self.sentence(ORG_CLOSERS, person.partner))
        parts = list(dict.fromkeys(parts))
        places = person.places(dice)
        sentences = [p.format(**places) for p in parts]
        if person.organisation:
            return join_sentences(dice, sentences, formal=True), parts
        sentences = [self.lead_in(sentence) for sentence in sentences]
        if dice.chance(0.07):
            sentences.append(dice.pick(ASIDES))
        return roughen(dice, join_sentences(dice, sentences, formal=False)), parts

    def tone(self, person: Respondent, side: str) -> str:
        """The register of the next sentence: formal for organisations, else by the person's view."""
        if person.organisation:
            return "o"
        critical = {"agree": 0.3, "neutral": 0.65, "disagree": 0.92}[side]
        return "-" if self.dice.chance(critical) else "+"

    def lead_in(self, sentence: str) -> str:
        """Sometimes "I think the ..." for "The ..."."""
        if sentence.startswith(LEAD_IN_STARTS) and self.dice.chance(0.25):
            return self.dice.pick(LEAD_INS) + sentence[0].lower() + sentence[1:]
        return sentence


def join_sentences(dice: Dice, parts: list[str], formal: bool) -> str:
    """Sentences joined as people join them: spaces, the odd run-on, line breaks in longer letters."""
    if formal and len(parts) > 2 and dice.chance(0.35):
        return "\n\n".join(parts)
    text = parts[0]
    for part in parts[1:]:
        if not formal and text.endswith(".") and dice.chance(0.15):
            text = text[:-1] + dice.pick((", ", " and ", " - ")) + part[0].lower() + part[1:]
        else:
            text += ("  " if dice.chance(0.08) else " ") + part
    return text


def roughen(dice: Dice, text: str) -> str:
    """A resident's typing: lower case, a missing full stop, a typo, curly apostrophes."""
    if dice.chance(0.09):
        text = text.lower()
    if text.endswith(".") and dice.chance(0.2):
        text = text[:-1]
    if dice.chance(0.14):
        found = [(right, wrong) for right, wrong in TYPOS if right in text]
        if found:
            right, wrong = found[dice.below(len(found))]
            text = text.replace(right, wrong, 1)
    if dice.chance(0.3):
        text = text.replace("'", "\u2019")
    return text


# ----------------------------------------------------------------------------- one cycle
def make_respondents(cycle: Cycle) -> tuple[list[Respondent], Dice, Writer]:
    """Every respondent of ``cycle`` with all answers, before the export's mess is added."""
    dice = Dice(cycle.seed)
    writer = Writer(dice)
    n_orgs = round(cycle.n_respondents * 0.15)
    kinds = dice.shuffled(["org"] * n_orgs + ["ind"] * (cycle.n_respondents - n_orgs))
    partners = dice.shuffled(partner_quota(n_orgs))
    names_left = {name: dice.shuffled(names) for name, (_, names) in PARTNER_TYPES.items()}
    taken: set[str] = set()
    people = []
    for kind in kinds:
        organisation = kind == "org"
        paper = dice.chance(0.12 if organisation else 0.07)
        person = Respondent(response_id(dice, "BHLF" if paper else "ANON", taken),
                            submitted_at(dice, cycle, paper), paper, organisation)
        if organisation:
            person.partner = partners.pop()
            left = names_left[person.partner]
            person.org_name = left.pop() if left else dice.pick(PARTNER_TYPES[person.partner][1])
        set_area(dice, person)
        person.attitude = dice.normal()
        answer_closed(dice, person, cycle)
        answer_text(dice, writer, person, cycle)
        people.append(person)
    return people, dice, writer


def set_area(dice: Dice, person: Respondent) -> None:
    """The district: county-wide partners say so; councils and parishes sit in theirs."""
    if person.partner in COUNTYWIDE_PARTNERS and dice.chance(0.8):
        person.area = COUNTYWIDE
        return
    for district in DISTRICTS:
        if person.org_name.startswith((district.name, district.town)) or any(
            person.org_name.startswith(v) for v in district.villages
        ):
            person.district, person.area = district, district.name
            return
    u = dice.random()
    if u < 0.015:
        person.area = ""
    elif u < 0.035:
        person.area = OUTSIDE
    else:
        names = [d.name for d in DISTRICTS]
        person.district = DISTRICTS[names.index(dice.weighted(names, DISTRICT_WEIGHTS))]
        person.area = person.district.name


def answer_closed(dice: Dice, person: Respondent, cycle: Cycle) -> None:
    """Capacity, organisation, the agree questions, the priorities, the ASB question and the e-mail."""
    a = person.answers
    a[COL_CAPACITY] = dice.label(CAPACITY_LABELS["organisation" if person.organisation else "individual"])
    a[COL_ORG_NAME] = person.org_name if not dice.chance(0.03) else ""
    if not person.organisation and dice.chance(0.01):
        a[COL_ORG_NAME] = dice.pick(("N/A", "n/a", "none"))
    a[COL_PARTNER] = person.partner
    a[COL_AREA] = person.area
    for qid, column in AGREE_COLUMNS.items():
        person.positions[qid] = agree_position(dice, qid, person, cycle)
        a[column] = dice.label(AGREE_LABELS[person.positions[qid]])
    a[COL_PRIORITIES] = priorities(dice, person)
    affected = 0.5 if person.rural else 0.35
    affected += 0.1 if person.attitude < -0.5 else 0.0
    u = dice.random()
    outcome = "" if u < 0.03 else ("Not sure" if u < 0.1 else ("Yes" if dice.chance(affected) else "No"))
    a[COL_ASB] = "" if person.organisation and dice.chance(0.5) else dice.label(YES_NO_LABELS[outcome])
    keep_informed = 0.6 if person.organisation else (0.05 if person.paper else 0.3)
    a[COL_EMAIL] = email(dice, person) if dice.chance(keep_informed) else ""


def email(dice: Dice, person: Respondent) -> str:
    """A made-up address at a reserved example domain."""
    first, last = dice.pick(FIRST_NAMES), dice.pick(SURNAMES)
    style = dice.below(4)
    local = (f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}{10 + dice.below(80)}", f"{first}_{last}")[style]
    if person.organisation:
        slug = re.sub(r"[^a-z]+", "", person.org_name.lower())[:18] or "office"
        return f"{local}@{slug}.example.org"
    return f"{local}@{dice.pick(MAIL_DOMAINS)}"


def answer_text(dice: Dice, writer: Writer, person: Respondent, cycle: Cycle) -> None:
    """Question 3a (~60%) and question 5 (~40%), with some non-answers."""
    q3 = person.positions["q3"]
    side = stance(q3)
    p3a = 0.9 if person.organisation else {"agree": 0.52, "neutral": 0.6, "disagree": 0.75}[side]
    p5 = 0.7 if person.organisation else (0.45 if person.paper else 0.33)
    overall = person.positions["q4"] or person.positions["q1"]
    person.answers[COL_Q3A] = free_text(dice, writer, COL_Q3A, person, cycle, q3, p3a, 0.04)
    person.answers[COL_Q5] = free_text(dice, writer, COL_Q5, person, cycle, overall, p5, 0.16)


def free_text(dice: Dice, writer: Writer, column: str, person: Respondent, cycle: Cycle,
              position: str, p_answer: float, p_non_answer: float) -> str:
    """An answer to ``column`` with probability ``p_answer``; for individuals sometimes a non-answer."""
    if not dice.chance(p_answer):
        return ""
    if not person.organisation and dice.chance(p_non_answer):
        return dice.pick(NON_ANSWERS if column == COL_Q5 else NON_ANSWERS[:8])
    return writer.compose(column, person, cycle, position)


# ----------------------------------------------------------------------------- the export's mess
@dataclass(frozen=True)
class Mess:
    """What was planted, for the README and the tests."""

    duplicate_id: str
    resubmitted_id: str
    campaign_ids: tuple[str, ...]
    pii: tuple[tuple[str, str, str], ...]  # (response id, column, kind)


PII_SNIPPETS = (
    ("email", "If anyone wants to discuss this my email is dave.pritchard58@example.com"),
    ("phone", "Please ring me on 07700 900418 if you want more detail."),
    ("postcode", "I live at KN7 3QD and it is the same every weekend."),
    ("email", "You can contact our clerk at clerk.netherstow@example.org about this."),
    ("phone", "Happy to talk, my number is 01632 960551 (evenings)."),
    ("postcode", "The worst spot is the lane by the garage, postcode ac12 8rf."),
    ("email", "s_okafor@example.net"),
    ("phone", "Tel: +44 7700 900127"),
)


def plant_campaign(dice: Dice, people: list[Respondent], campaign: Campaign) -> tuple[str, ...]:
    """Give the campaign's text to individuals in its district, most verbatim, a few lightly edited."""
    district = next(d for d in DISTRICTS if d.name == campaign.district)
    chosen = [p for p in people if p.district is district and not p.organisation and not p.paper][: campaign.copies]
    edits = (
        lambda t: t.lower(),
        lambda t: t.rstrip(".").replace(". ", ".  "),
        lambda t: t.replace("'", "\u2019"),
        lambda t: t.replace("County Council", "county council").replace(",", ""),
    )
    for index, person in enumerate(chosen):
        text = campaign.text if index >= campaign.edited else edits[index % len(edits)](campaign.text)
        person.answers[campaign.column] = text
        if campaign.column == COL_Q3A:
            person.positions["q3"] = dice.pick(("D", "SD", "SD"))
            person.answers[COL_Q3] = dice.label(AGREE_LABELS[person.positions["q3"]])
    return tuple(p.rid for p in chosen)


def plant_pii(dice: Dice, people: list[Respondent], skip: set[str]) -> tuple[tuple[str, str, str], ...]:
    """Append personal data (e-mail, phone, postcode) to a few individuals' answers."""
    candidates = [p for p in people if not p.organisation and p.rid not in skip
                  and (p.answers[COL_Q5] or p.answers[COL_Q3A]) not in ("", *NON_ANSWERS)]
    planted = []
    for kind, snippet in PII_SNIPPETS:
        person = candidates.pop(dice.below(len(candidates)))
        column = COL_Q5 if person.answers[COL_Q5] not in ("", *NON_ANSWERS) else COL_Q3A
        text = person.answers[column]
        person.answers[column] = snippet if "@" in snippet and " " not in snippet else f"{text} {snippet}"
        planted.append((person.rid, column, kind))
    return tuple(planted)


def plant_characters(dice: Dice, people: list[Respondent]) -> None:
    """Non-breaking spaces and cp1252 mojibake in a few free-text answers."""
    texts = [(p, c) for p in people for c in (COL_Q3A, COL_Q5) if len(p.answers[c]) > 40]
    for person, column in (texts[dice.below(len(texts))] for _ in range(6)):
        words = person.answers[column].split(" ")
        at = 1 + dice.below(len(words) - 1)
        person.answers[column] = " ".join(words[:at]) + "\u00a0" + " ".join(words[at:])
    curly = [(p, c) for p, c in texts if "\u2019" in p.answers[c]]
    for person, column in (curly[dice.below(len(curly))] for _ in range(3)):
        person.answers[column] = person.answers[column].replace("\u2019", "\u00e2\u20ac\u2122")


def resubmit(dice: Dice, writer: Writer, people: list[Respondent], cycle: Cycle, skip: set[str]) -> Respondent:
    """A later copy of an online individual's response with changed answers to questions 3, 3a and 4."""
    original = next(p for p in people[len(people) // 3:] if not p.organisation and not p.paper
                    and p.rid not in skip and stance(p.positions["q3"]) == "agree" and p.answers[COL_Q3A])
    again = Respondent(original.rid, original.submitted + timedelta(days=3, hours=2, minutes=17), False, False,
                       district=original.district, area=original.area)
    again.answers = dict(original.answers)
    again.positions = dict(original.positions)
    for qid in ("q3", "q4"):
        again.positions[qid] = {"SA": "D", "A": "D", "N": "SD", "": "D", "DK": "D"}.get(original.positions[qid], "SD")
        again.answers[AGREE_COLUMNS[qid]] = dice.label(AGREE_LABELS[again.positions[qid]])
    again.answers[COL_Q3A] = writer.compose(COL_Q3A, again, cycle, again.positions["q3"])
    return again


def build_rows(cycle: Cycle) -> tuple[list[list[str]], Mess]:
    """The export's data rows, in the order written, and what was planted in them."""
    people, dice, writer = make_respondents(cycle)
    campaign_ids = plant_campaign(dice, people, cycle.campaign)
    pii = plant_pii(dice, people, set(campaign_ids))
    plant_characters(dice, people)
    again = resubmit(dice, writer, people, cycle, set(campaign_ids) | {rid for rid, _, _ in pii})
    rows = sorted((row(p) for p in people + [again]), key=lambda r: (r[1], r[0]))  # by submission time
    duplicate_at = len(rows) // 2 + dice.below(len(rows) // 4)
    rows.insert(duplicate_at + 37, list(rows[duplicate_at]))
    return rows, Mess(rows[duplicate_at][0], again.rid, campaign_ids, pii)


def row(person: Respondent) -> list[str]:
    """The person's cells in the export's column order."""
    values = {COL_ID: person.rid, COL_SUBMITTED: person.submitted.strftime("%Y-%m-%d %H:%M:%S"), **person.answers}
    return [values[column] for column in COLUMNS]


def export_bytes(rows: list[list[str]]) -> bytes:
    """The rows as Citizen Space writes them: UTF-8 with a byte-order mark, CRLF, one header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def readme(cycle: Cycle, rows: list[list[str]], mess: Mess) -> str:
    """The README beside the export: what the data are, and every defect planted in them."""
    ids = [r[0] for r in rows]
    orgs = sum(1 for r in rows if "organi" in r[COLUMNS.index(COL_CAPACITY)].lower())
    pii = "\n".join(f"  - `{rid}`, question {column.split('.')[0]}: {kind}" for rid, column, kind in mess.pii)
    campaign = cycle.campaign
    return f"""# SYNTHETIC example consultation: {cycle.folder}

**These data are synthetic.** They were invented by `scripts/make_example.py` to demonstrate
and test consult. No real person, organisation, place or response is in them: e-mail addresses
use reserved `example` domains, phone numbers come from Ofcom's ranges reserved for drama, and
postcodes are in areas that do not exist.

They imitate a Citizen Space export of a county council's consultation on
{cycle.description} in the fictional two-tier county of Elmshire
(districts: {", ".join(d.name for d in DISTRICTS)}).

- File: `{EXPORT_NAME}` (UTF-8 with byte-order mark, CRLF line ends, one header row).
- Period: {cycle.start.day} {cycle.start:%B %Y} to {cycle.end.day} {cycle.end:%B %Y}.
- {len(rows)} data rows, {len(set(ids))} distinct response ids; {orgs} rows from organisations.
- Ids: `ANON-…` submitted online, `BHLF-…` keyed in from paper forms and e-mails.
- Config: `consultations/{cycle.folder}.yaml`.

## Deliberate defects (what the cleaning stage must handle)

- Label variants on the agree questions: case, trailing spaces, "Tend to agree", "Neither agree
  or disagree", curly "Don’t know", and cp1252 mojibake `Donâ€™t know` (mapped by each
  question's `synonyms` in the config); blanks. The capacity question has variants too
  ("individual ", "Organisation", "On behalf of an organization"), mapped by its `synonyms`.
- An exact duplicate: response `{mess.duplicate_id}` appears twice, identically.
- A resubmission: response `{mess.resubmitted_id}` appears twice; the later `Submitted` has
  different answers to questions 3, 3a and 4.
- A campaign: {len(mess.campaign_ids)} respondents answered "{campaign.column}" with the text
  of the {campaign.author}; {campaign.edited} of them differ only in case or punctuation.
- Non-answers in the free text: {", ".join(f'"{n}"' for n in NON_ANSWERS)}.
- Personal data inside free-text answers:
{pii}
- Personal data in their own columns (never analysed): the organisation's name and the
  "keep me informed" e-mail address.
- Non-breaking spaces, curly apostrophes, a few mojibake apostrophes (`â€™`), line breaks inside
  longer answers, typos and lower-case answers.

Regenerate with `python scripts/make_example.py`; the output is byte-identical on every run.
"""


def write_cycle(cycle: Cycle, root: Path) -> list[Path]:
    """Write one cycle's export and README under ``root/data/raw/<folder>/``; return their paths."""
    rows, mess = build_rows(cycle)
    folder = root / "data" / "raw" / cycle.folder
    return [
        write_bytes(folder / EXPORT_NAME, export_bytes(rows)),
        write_text(folder / "README.md", readme(cycle, rows, mess)),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the SYNTHETIC example consultation exports.")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="project root to write data/raw/<cycle>/ under (default: this repository)")
    args = parser.parse_args(argv)
    for cycle in CYCLES:
        for path in write_cycle(cycle, args.root):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
