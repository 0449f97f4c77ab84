"""The program's story as data: themes, cities and the two Technical Deep Dives.

Facts come only from the program brief. Anything illustrative says so in its own text ("Sample ...").
"""

from datetime import date

from sitewide.demo.records import (
    ActionPlanRecord,
    ChallengeRecord,
    CityRecord,
    DeepDiveRecord,
    ParticipationRecord,
    RecognitionRecord,
    SessionRecord,
    ThemeRecord,
)

COMPACT_TDD = "technical-deep-dive-on-compact-cities"
SMART_TDD = "technical-deep-dive-on-smart-cities"

THEMES: tuple[ThemeRecord, ...] = (
    ThemeRecord(
        "compact-cities",
        "Compact Cities",
        "Keeping homes, jobs and services close together. Toyama's theme in the CPP; in "
        "2012 the OECD named Toyama one of five cities with advanced Compact City policies.",
        "#1b6ca8",
    ),
    ThemeRecord(
        "smart-cities",
        "Smart Cities",
        "Planning, partnerships and new ideas that help a "
        "city serve its residents. Yokohama's theme in the CPP.",
        "#6a4c93",
    ),
    ThemeRecord(
        "disaster-risk-management",
        "Disaster Risk Management",
        "Preparing for natural hazards and reducing their "
        "impact: one of the areas of expertise Toyama offers.",
        "#c0392b",
    ),
    ThemeRecord(
        "city-centre-revitalisation",
        "City Centre Revitalisation",
        "Bringing life back to the city centre: one of the areas of expertise Toyama offers.",
        "#d35400",
    ),
    ThemeRecord(
        "services-for-an-ageing-population",
        "Services for an Ageing Population",
        "Infrastructure and service delivery for elderly "
        "citizens: one of the areas of expertise Toyama offers.",
        "#16a085",
    ),
    ThemeRecord(
        "densification",
        "Densification",
        "Housing more people well on the same land, from Toyama's expertise in "
        "densification to the very high population density that Narayanganj lives with.",
        "#8e5a2b",
    ),
    ThemeRecord(
        "infrastructure-and-service-delivery",
        "Infrastructure and Service Delivery",
        "Building and running the services residents rely on, and delivering them equitably to everyone.",
        "#2c3e50",
    ),
    ThemeRecord(
        "citizen-engagement",
        "Citizen Engagement",
        "Residents, the private sector and academia taking part in how a city is "
        "planned and run; a topic of the international conference on Smart Cities.",
        "#b7860b",
    ),
    ThemeRecord(
        "environmental-sustainability",
        "Environmental Sustainability",
        "Eco-friendly urban development, from Yokohama's eco-friendly "
        "growth to Toyama's designation as an Environmental Model City.",
        "#27ae60",
    ),
    ThemeRecord(
        "innovation-and-competitiveness",
        "Innovation and Competitiveness",
        "A strong economic base and room for new ideas; a "
        "topic of the international conference on Smart Cities.",
        "#00879f",
    ),
    ThemeRecord(
        "urban-mobility",
        "Urban Mobility",
        "How people move around the city and reach jobs and services.",
        "#ad1457",
    ),
    ThemeRecord(
        "city-to-city-learning",
        "City-to-City Learning",
        "Japanese partner cities and client cities learning from each other "
        "through joint research, knowledge delivery and peer-to-peer exchange.",
        "#4f64b4",
    ),
)

SELECTED_IN_JULY_2016 = (
    "Selected in July 2016 by a committee of development professionals as one of the first batch of CPP "
    "partner cities, with {others}. Only the month is known; the date joined is shown as 1 July 2016."
)

SAMPLE_CLIENT_SUMMARY = (
    "Sample client city for the demo. Its challenges, deep dive participation "
    "and action plans shown here are illustrative, not records of the program."
)

SAMPLE_CLIENT_DESCRIPTION = (
    SAMPLE_CLIENT_SUMMARY
    + "\n\nIt appears in the demo to show how a client city's challenges, deep dives and lessons connect."
)

SAMPLE_CHALLENGE = "Illustrative challenge for the demo, not taken from the city's own documents. "

CITIES: tuple[CityRecord, ...] = (
    CityRecord(
        slug="yokohama",
        name="Yokohama",
        role="partner",
        country="Japan",
        latitude="35.44361",
        longitude="139.63806",
        summary=(
            "Japan's second largest city, with a population of just under 4 million. Over "
            "about 60 years it changed from a declining suburban residential town into a "
            "competitive, eco-friendly, livable city. Its theme in the CPP is Smart Cities."
        ),
        description=(
            "Yokohama is the second largest city in Japan, with a population of just under 4 "
            "million.\n\nOver about 60 years, through planned projects and regulation, and with "
            "citizens and the private sector taking part, it changed from a declining suburban residential "
            "town into a competitive, eco-friendly, livable city with a strong economic base.\n\n"
            + SELECTED_IN_JULY_2016.format(others="Kitakyushu, Kobe and Toyama")
            + " In November 2016 the World Bank, Toyama and Yokohama announced their collaboration plans.\n\n"
            "Its theme in the CPP is Smart Cities. TDLC held a Technical Deep "
            "Dive on Smart Cities with Yokohama, during which a one-day international "
            "conference on Smart Cities was held with Yokohama's support."
        ),
        themes=(
            "smart-cities",
            "citizen-engagement",
            "environmental-sustainability",
            "innovation-and-competitiveness",
        ),
        cpp_batch=1,
        joined_on=date(2016, 7, 1),
    ),
    CityRecord(
        slug="toyama",
        name="Toyama",
        role="partner",
        country="Japan",
        latitude="36.69583",
        longitude="137.21361",
        summary=(
            "A mid-sized city of fewer than 500,000 residents, named by the OECD in 2012 one of "
            "five cities with advanced Compact City policies. Its theme in the CPP is Compact Cities."
        ),
        description=(
            "Toyama is a mid-sized city with fewer than 500,000 residents. It is home to high-tech, "
            "robotics, banking and pharmaceutical industries, "
            "and is a major producer of hydroelectric power.\n\n"
            'Japan\'s national government designated it an "Environmental Model City" in 2008 and an '
            '"Environmental Future City" a few years later. In 2012 the OECD named it one of five cities '
            "with advanced Compact City policies.\n\nThe expertise it offers: "
            "infrastructure and service delivery for elderly citizens, revitalising "
            "the city centre, densification, and natural disaster risk management.\n\n"
            + SELECTED_IN_JULY_2016.format(others="Kitakyushu, Kobe and Yokohama")
            + " In November 2016 the World Bank, Toyama and Yokohama announced their collaboration plans.\n\n"
            "Its theme in the CPP is Compact Cities. TDLC held "
            "a Technical Deep Dive on Compact Cities with Toyama."
        ),
        themes=(
            "compact-cities",
            "services-for-an-ageing-population",
            "city-centre-revitalisation",
            "densification",
            "disaster-risk-management",
            "infrastructure-and-service-delivery",
        ),
        cpp_batch=1,
        joined_on=date(2016, 7, 1),
        recognitions=(
            RecognitionRecord("Environmental Model City", "Government of Japan", 2008),
            RecognitionRecord(
                "Environmental Future City",
                "Government of Japan",
                None,
                "Designated a few years after 2008; the exact year is not recorded here.",
            ),
            RecognitionRecord(
                "One of five cities with advanced Compact City policies",
                "OECD",
                2012,
            ),
        ),
    ),
    CityRecord(
        slug="kobe",
        name="Kobe",
        role="partner",
        country="Japan",
        latitude="34.69000",
        longitude="135.19556",
        summary="A partner city of the first batch of the CPP, selected in July 2016.",
        description=(
            SELECTED_IN_JULY_2016.format(others="Kitakyushu, Toyama and Yokohama")
            + " Cities of varying sizes were chosen on purpose, because client cities range from small towns "
            "to large cities.\n\nThis demo holds no further facts about Kobe's role in the program."
        ),
        cpp_batch=1,
        joined_on=date(2016, 7, 1),
    ),
    CityRecord(
        slug="kitakyushu",
        name="Kitakyushu",
        role="partner",
        country="Japan",
        latitude="33.88333",
        longitude="130.88333",
        summary="A partner city of the first batch of the CPP, selected in July 2016.",
        description=(
            SELECTED_IN_JULY_2016.format(others="Kobe, Toyama and Yokohama")
            + " Cities of varying sizes were chosen on purpose, because client cities range from small towns "
            "to large cities.\n\nThis demo holds no further facts about Kitakyushu's role in the program."
        ),
        cpp_batch=1,
        joined_on=date(2016, 7, 1),
    ),
    CityRecord(
        slug="narayanganj",
        name="Narayanganj",
        role="client",
        country="Bangladesh",
        latitude="23.62333",
        longitude="90.50000",
        summary=(
            "A client city whose mayor took part in the Technical Deep Dive on Compact Cities. Its "
            "challenges: very high population density, and "
            "delivering services equitably to a large population."
        ),
        description=(
            "The mayor of Narayanganj took part in the Technical Deep Dive on Compact "
            "Cities that TDLC held with Toyama.\n\nThe city's challenge is its very high "
            "population density, and delivering services equitably to a large population."
        ),
        themes=(
            "densification",
            "infrastructure-and-service-delivery",
            "compact-cities",
        ),
        challenges=(
            ChallengeRecord(
                "Very high population density",
                "Narayanganj has a very high population density, which "
                "shapes how land, housing and infrastructure can be planned.",
                ("densification", "compact-cities"),
            ),
            ChallengeRecord(
                "Delivering services equitably to a large population",
                "The city needs to deliver services equitably to a large population.",
                ("infrastructure-and-service-delivery", "citizen-engagement"),
            ),
        ),
    ),
    CityRecord(
        slug="semarang",
        name="Semarang",
        role="client",
        country="Indonesia",
        latitude="-6.96667",
        longitude="110.41667",
        summary=SAMPLE_CLIENT_SUMMARY,
        description=SAMPLE_CLIENT_DESCRIPTION,
        themes=("disaster-risk-management", "city-centre-revitalisation", "smart-cities"),
        challenges=(
            ChallengeRecord(
                "Sample: flood risk in low-lying neighbourhoods",
                SAMPLE_CHALLENGE + "Keeping low-lying neighbourhoods safe from flooding while they grow.",
                ("disaster-risk-management",),
            ),
            ChallengeRecord(
                "Sample: keeping the old town centre lively",
                SAMPLE_CHALLENGE + "Bringing activity back to an old town centre that residents are leaving.",
                ("city-centre-revitalisation",),
            ),
        ),
    ),
    CityRecord(
        slug="dakar",
        name="Dakar",
        role="client",
        country="Senegal",
        latitude="14.69278",
        longitude="-17.44667",
        summary=SAMPLE_CLIENT_SUMMARY,
        description=SAMPLE_CLIENT_DESCRIPTION,
        themes=("urban-mobility", "city-centre-revitalisation", "smart-cities"),
        challenges=(
            ChallengeRecord(
                "Sample: congestion in the city centre",
                SAMPLE_CHALLENGE + "Helping people reach jobs and services in a crowded city centre.",
                ("urban-mobility", "city-centre-revitalisation"),
            ),
            ChallengeRecord(
                "Sample: digital public services for residents",
                SAMPLE_CHALLENGE + "Offering public services online that residents trust and can use.",
                ("smart-cities", "citizen-engagement"),
            ),
        ),
    ),
    CityRecord(
        slug="maputo",
        name="Maputo",
        role="client",
        country="Mozambique",
        latitude="-25.96667",
        longitude="32.58333",
        summary=SAMPLE_CLIENT_SUMMARY,
        description=SAMPLE_CLIENT_DESCRIPTION,
        themes=("infrastructure-and-service-delivery", "densification", "disaster-risk-management"),
        challenges=(
            ChallengeRecord(
                "Sample: basic services in fast-growing neighbourhoods",
                SAMPLE_CHALLENGE
                + "Bringing water, sanitation and roads to neighbourhoods that grow quickly.",
                ("infrastructure-and-service-delivery", "densification"),
            ),
            ChallengeRecord(
                "Sample: planning for coastal hazards",
                SAMPLE_CHALLENGE + "Planning new development with coastal hazards in mind.",
                ("disaster-risk-management",),
            ),
        ),
    ),
    CityRecord(
        slug="lima",
        name="Lima",
        role="client",
        country="Peru",
        latitude="-12.04639",
        longitude="-77.04278",
        summary=SAMPLE_CLIENT_SUMMARY,
        description=SAMPLE_CLIENT_DESCRIPTION,
        themes=("smart-cities", "citizen-engagement", "infrastructure-and-service-delivery"),
        challenges=(
            ChallengeRecord(
                "Sample: residents' trust in city services",
                SAMPLE_CHALLENGE + "Earning residents' trust when services move online.",
                ("citizen-engagement", "smart-cities"),
            ),
            ChallengeRecord(
                "Sample: coordinating services across a large metropolitan area",
                SAMPLE_CHALLENGE + "Coordinating services run by many agencies across a large area.",
                ("infrastructure-and-service-delivery",),
            ),
        ),
    ),
)

SAMPLE_SESSION = "Sample session: the details of this agenda item are illustrative. "
SAMPLE_PARTICIPATION = "Sample participation for the demo, not a record of the program. "
SAMPLE_PLAN = "Sample action plan for the demo, not a record of the program."

DEEP_DIVES: tuple[DeepDiveRecord, ...] = (
    DeepDiveRecord(
        slug=COMPACT_TDD,
        title="Technical Deep Dive on Compact Cities",
        hosts=("toyama",),
        themes=(
            "compact-cities",
            "densification",
            "city-centre-revitalisation",
            "services-for-an-ageing-population",
            "infrastructure-and-service-delivery",
            "disaster-risk-management",
        ),
        place="Toyama, Japan",
        summary=(
            "A knowledge exchange that TDLC held with Toyama on Compact Cities: "
            "workshops, site visits, peer-to-peer knowledge sharing and action planning, "
            "aimed at moving World Bank-funded projects forward on specific issues."
        ),
        objectives=(
            "Move World Bank-funded projects forward on specific Compact City issues.",
            "Share Toyama's expertise in revitalising the city centre, densification, infrastructure "
            "and service delivery for elderly citizens, and natural disaster risk management.",
            "Give client-city officials, such as the mayor of Narayanganj, "
            "peer-to-peer exchange on their cities' challenges.",
            "Turn what participants learn into action plans for their cities.",
        ),
        description=(
            "Technical Deep Dives are knowledge exchanges built from workshops, site visits, peer-to-peer "
            "knowledge sharing and action planning. TDLC held this one with Toyama, a mid-sized city of "
            "fewer than 500,000 residents that the OECD named in 2012 as one of five "
            "cities with advanced Compact City policies.\n\nThe mayor of Narayanganj "
            "(Bangladesh) took part. Narayanganj's challenge is its very high population "
            "density, and delivering services equitably to a large population.\n\n"
            'The dates of this deep dive are not recorded in the demo. Agenda items marked "Sample session" '
            "and the other participating cities are illustrative."
        ),
        colour="#1b6ca8",
        sessions=(
            SessionRecord(
                1,
                "workshop",
                "Compact City policies: an overview",
                SAMPLE_SESSION + "Toyama officials introduce the city's Compact City policies and how they "
                "connect housing, services and transport.",
                "TDLC and the City of Toyama",
            ),
            SessionRecord(
                1,
                "workshop",
                "Infrastructure and services for elderly citizens",
                SAMPLE_SESSION + "How a city plans infrastructure and service delivery for elderly citizens.",
                "City of Toyama",
            ),
            SessionRecord(
                2,
                "site_visit",
                "Site visit: the city centre",
                SAMPLE_SESSION
                + "Participants walk through the city centre to see how it is being revitalised.",
                "City of Toyama",
            ),
            SessionRecord(
                2,
                "site_visit",
                "Site visit: natural disaster risk management in practice",
                SAMPLE_SESSION + "A visit to see how natural disaster risk management shapes city planning.",
                "City of Toyama",
            ),
            SessionRecord(
                3,
                "peer_exchange",
                "Peer exchange: high density and equitable services",
                SAMPLE_SESSION
                + "Client-city officials, including Narayanganj's delegation, compare notes with "
                "Toyama officials on very high population density and equitable service delivery.",
                "TDLC",
            ),
            SessionRecord(
                3,
                "action_planning",
                "Action planning: from lessons to project steps",
                SAMPLE_SESSION + "Each participating city drafts an action plan linked to World Bank-funded "
                "projects.",
                "TDLC",
            ),
        ),
        participations=(
            ParticipationRecord(
                city="narayanganj",
                delegation="Mayor of Narayanganj",
                challenge_statement=(
                    "Very high population density, and delivering services equitably to a large population."
                ),
                action_plan=ActionPlanRecord(
                    title="Sample action plan: Narayanganj after the Compact Cities deep dive",
                    goals=(
                        SAMPLE_PLAN,
                        "Map which neighbourhoods are least well served today.",
                        "Plan services around the places where most people already live.",
                        "Agree with the World Bank task team which project these steps support.",
                    ),
                    next_steps=(
                        "Share the deep dive's lessons with the city's departments.",
                        "Draft a service map with community representatives.",
                        "Review the plan with Toyama officials in a follow-up peer exchange.",
                    ),
                    status="drafted",
                ),
            ),
            ParticipationRecord(
                city="semarang",
                delegation=SAMPLE_PARTICIPATION + "City planning and disaster management officials.",
                challenge_statement=SAMPLE_CHALLENGE + "Keeping low-lying neighbourhoods safe from flooding.",
                action_plan=ActionPlanRecord(
                    title="Sample action plan: Semarang flood-aware city centre",
                    goals=(
                        SAMPLE_PLAN,
                        "Bring flood risk into decisions about where the city grows.",
                        "Revitalise the old town centre without adding to flood risk.",
                    ),
                    next_steps=(
                        "Form a working group of planning and disaster management staff.",
                        "Choose one neighbourhood for a pilot.",
                    ),
                    status="in_progress",
                ),
            ),
            ParticipationRecord(
                city="maputo",
                delegation=SAMPLE_PARTICIPATION + "Municipal infrastructure officials.",
                challenge_statement=SAMPLE_CHALLENGE
                + "Bringing basic services to fast-growing neighbourhoods.",
                action_plan=ActionPlanRecord(
                    title="Sample action plan: Maputo serviced neighbourhoods",
                    goals=(
                        SAMPLE_PLAN,
                        "Plan basic services ahead of new settlement rather than after it.",
                        "Guide growth towards areas that can be served.",
                    ),
                    next_steps=(
                        "List the neighbourhoods growing fastest.",
                        "Discuss priorities with the World Bank task team.",
                    ),
                    status="on_hold",
                ),
            ),
        ),
    ),
    DeepDiveRecord(
        slug=SMART_TDD,
        title="Technical Deep Dive on Smart Cities",
        hosts=("yokohama",),
        themes=(
            "smart-cities",
            "citizen-engagement",
            "infrastructure-and-service-delivery",
            "environmental-sustainability",
            "innovation-and-competitiveness",
        ),
        place="Yokohama, Japan",
        summary=(
            "A knowledge exchange that TDLC held with Yokohama on Smart Cities, including "
            "a one-day international conference on Smart Cities held with Yokohama's "
            "support, aimed at moving World Bank-funded projects forward on specific issues."
        ),
        objectives=(
            "Move World Bank-funded projects forward on specific Smart City issues.",
            "Learn how Yokohama changed, over about 60 years, from a declining suburban residential "
            "town into a competitive, eco-friendly, livable city with a strong economic base.",
            "Exchange on citizen engagement, assured service "
            "delivery, sustainability, innovation and competitiveness.",
            "Turn what participants learn into action plans for their cities.",
        ),
        description=(
            "Technical Deep Dives are knowledge exchanges built from workshops, site visits, peer-to-peer "
            "knowledge sharing and action planning. TDLC held this one with Yokohama, the second "
            "largest city in Japan.\n\nDuring the deep dive, a one-day international conference on "
            "Smart Cities was held with Yokohama's support. About 190 participants came from the "
            "participating municipal governments, the private sector and academia. Its topics were citizen "
            "engagement, assured service delivery, sustainability, innovation and competitiveness.\n\n"
            'The dates of this deep dive are not recorded in the demo. Agenda items marked "Sample session" '
            "and the participating cities are illustrative."
        ),
        colour="#6a4c93",
        sessions=(
            SessionRecord(
                1,
                "workshop",
                "Smart Cities: Yokohama's long transformation",
                SAMPLE_SESSION + "How planned projects and regulation, with citizens and the private sector "
                "taking part, changed Yokohama over about 60 years.",
                "TDLC and the City of Yokohama",
            ),
            SessionRecord(
                1,
                "site_visit",
                "Site visit: projects that shaped the city",
                SAMPLE_SESSION + "Participants visit places where planned projects changed the city.",
                "City of Yokohama",
            ),
            SessionRecord(
                2,
                "conference",
                "International conference on Smart Cities",
                "A one-day international conference on Smart Cities, held with Yokohama's support, "
                "for participants from the participating municipal governments, the private sector "
                "and academia. Topics: citizen engagement, assured service delivery, sustainability, "
                "innovation and competitiveness. Its place in the agenda (day 2) is illustrative.",
                "Held with the support of the City of Yokohama",
                attendance=190,
                attendance_is_approximate=True,
            ),
            SessionRecord(
                3,
                "peer_exchange",
                "Peer exchange: citizen engagement and assured service delivery",
                SAMPLE_SESSION
                + "Client-city officials and Yokohama officials compare how residents take part "
                "in planning and how services are kept reliable.",
                "TDLC",
            ),
            SessionRecord(
                3,
                "action_planning",
                "Action planning: smart city steps for World Bank-funded projects",
                SAMPLE_SESSION + "Each participating city drafts an action plan linked to World Bank-funded "
                "projects.",
                "TDLC",
            ),
        ),
        participations=(
            ParticipationRecord(
                city="lima",
                delegation=SAMPLE_PARTICIPATION + "Officials responsible for digital services.",
                challenge_statement=SAMPLE_CHALLENGE + "Earning residents' trust when services move online.",
                action_plan=ActionPlanRecord(
                    title="Sample action plan: Lima services residents trust",
                    goals=(
                        SAMPLE_PLAN,
                        "Involve residents in designing the next online services.",
                        "Keep a non-digital way to reach every service.",
                    ),
                    next_steps=(
                        "Hold listening sessions in several districts.",
                        "Publish a plain-language service charter.",
                    ),
                    status="completed",
                ),
            ),
            ParticipationRecord(
                city="dakar",
                delegation=SAMPLE_PARTICIPATION + "City centre and transport officials.",
                challenge_statement=SAMPLE_CHALLENGE
                + "Helping people reach jobs and services in the centre.",
                action_plan=ActionPlanRecord(
                    title="Sample action plan: Dakar city centre access",
                    goals=(
                        SAMPLE_PLAN,
                        "Make the city centre easier to reach for people on foot and by public transport.",
                        "Use resident feedback to choose the first improvements.",
                    ),
                    next_steps=(
                        "Collect residents' views on the busiest routes.",
                        "Agree a first set of improvements with the World Bank task team.",
                    ),
                    status="in_progress",
                ),
            ),
            ParticipationRecord(
                city="semarang",
                delegation=SAMPLE_PARTICIPATION + "Officials responsible for public information.",
                challenge_statement=SAMPLE_CHALLENGE
                + "Warning residents early and clearly when floods come.",
                action_plan=ActionPlanRecord(
                    title="Sample action plan: Semarang flood information for residents",
                    goals=(
                        SAMPLE_PLAN,
                        "Give residents clear, timely flood information.",
                    ),
                    next_steps=("Test messages with residents of one neighbourhood.",),
                    status="drafted",
                ),
            ),
        ),
    ),
)
