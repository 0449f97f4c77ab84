"""What the sample outputs are about: one record per topic, in English, and a Japanese version of some.

Context paragraphs use only the program's facts; points, steps and questions are general guidance written
for the demo.
"""

from sitewide.demo.content import COMPACT_TDD, SMART_TDD
from sitewide.demo.records import TopicRecord

TOPICS: tuple[TopicRecord, ...] = (
    TopicRecord(
        key="compact-city-policy",
        themes=("compact-cities", "densification"),
        cities=("toyama",),
        deep_dive=COMPACT_TDD,
        focus="What Toyama's Compact City policies can offer client cities.",
        context=(
            "Toyama is a mid-sized city of fewer than 500,000 residents. In 2012 the OECD named it one "
            "of five cities with advanced Compact City policies, and Compact Cities is its theme in the "
            "City Partnership Program. TDLC held a Technical Deep Dive on Compact Cities with Toyama."
        ),
        points=(
            "A compact city keeps homes, jobs and services close enough to reach without long journeys.",
            "Compact City policy is a long-term commitment that spans land use, transport and services.",
            "Densification, a lively centre and services for elderly citizens reinforce one another.",
            "Mid-sized cities can lead: size is no bar to advanced policy.",
            "Policies work best when residents understand why the city is concentrating growth.",
            "Disaster risk belongs in decisions about where the city grows.",
        ),
        steps=(
            "Map where people live today and where the city's services are.",
            "Agree which areas should take new homes and which should not.",
            "Link the chosen areas with public transport and everyday services.",
            "Review progress every year with residents and the World Bank task team.",
            "Share what works with other cities through TDLC.",
        ),
        questions=(
            "Where would more homes bring people closer to the services they use?",
            "Which of your city's plans already point towards a more compact form?",
            "Who needs to agree before growth can be steered?",
        ),
    ),
    TopicRecord(
        key="city-centre-revitalisation",
        themes=("city-centre-revitalisation", "compact-cities"),
        cities=("toyama",),
        deep_dive=COMPACT_TDD,
        focus="How a city brings life back to its centre, an area of expertise Toyama offers.",
        context=(
            "Revitalising the city centre is one of the areas of expertise Toyama offers "
            "to client cities through the City Partnership Program, alongside densification, "
            "services for elderly citizens and natural disaster risk management."
        ),
        points=(
            "A lively centre gives residents a reason to live and spend time close to services.",
            "Revitalisation depends on homes as much as on shops and offices.",
            "Public spaces and events bring people back before new buildings do.",
            "Easy access on foot and by public transport matters more than parking.",
            "Businesses and residents are partners in the work, not only its audience.",
            "Small, visible improvements build trust for larger ones.",
        ),
        steps=(
            "Walk the centre with residents and business owners and list what keeps people away.",
            "Pick a few places for early, visible improvements.",
            "Encourage new homes in and near the centre.",
            "Plan events and public spaces with local groups.",
            "Track how people use the centre and adjust the plan.",
        ),
        questions=(
            "What brings people to your city centre today, and what keeps them away?",
            "Which empty buildings or spaces could change the centre's image quickly?",
            "How will residents take part in the plan?",
        ),
    ),
    TopicRecord(
        key="ageing-services",
        themes=("services-for-an-ageing-population", "infrastructure-and-service-delivery"),
        cities=("toyama",),
        deep_dive=COMPACT_TDD,
        focus="Infrastructure and service delivery for elderly citizens, an area of expertise Toyama offers.",
        context=(
            "Toyama offers expertise in infrastructure and service delivery for elderly citizens. "
            "Client cities can draw on that experience when they plan for their older residents."
        ),
        points=(
            "Older residents need services within a short, safe journey.",
            "Accessible streets and public transport keep older people active and independent.",
            "Health, care and everyday shopping work best when they are close together.",
            "Older residents are experts in what their neighbourhood lacks.",
            "Designing for older people makes the city easier for everyone.",
            "Service plans need to follow where older residents actually live.",
        ),
        steps=(
            "Find out where older residents live and which services they use.",
            "Check the routes between homes and services for barriers.",
            "Bring health, care and shops closer together where possible.",
            "Ask older residents to review the plan.",
            "Revisit the plan as the population changes.",
        ),
        questions=(
            "How far do older residents travel to reach care and everyday services?",
            "Which barriers on streets and in transport could be removed first?",
            "How do older residents have their say in planning?",
        ),
    ),
    TopicRecord(
        key="high-density",
        themes=("densification", "compact-cities", "infrastructure-and-service-delivery"),
        cities=("narayanganj", "toyama"),
        deep_dive=COMPACT_TDD,
        focus="Planning a city with very high population density, the challenge Narayanganj brought to the "
        "Compact Cities deep dive.",
        context=(
            "The mayor of Narayanganj (Bangladesh) took part in the Technical Deep Dive on Compact Cities "
            "that TDLC held with Toyama. Narayanganj's challenge is its very high population density, and "
            "delivering services equitably to a large population. Toyama offers expertise in densification."
        ),
        points=(
            "Density is not only a problem: it can make services cheaper to reach everyone.",
            "Very high density strains water, sanitation, drainage and open space.",
            "Densification needs infrastructure planned ahead of, not after, new homes.",
            "Good public space matters most where homes are small and crowded.",
            "Lessons from a compact city apply even when the starting points differ.",
            "Residents know where crowding hurts most.",
        ),
        steps=(
            "Map where density is highest and which services are under strain there.",
            "Agree minimum service standards for every neighbourhood.",
            "Plan infrastructure upgrades in the most crowded areas first.",
            "Protect and create open space close to dense housing.",
            "Use peer exchange to compare approaches with other cities.",
        ),
        questions=(
            "Where does density help your city, and where does it hurt?",
            "Which services fail first as neighbourhoods become more crowded?",
            "What could your city learn from a compact city with a different starting point?",
        ),
    ),
    TopicRecord(
        key="equitable-services",
        themes=("infrastructure-and-service-delivery", "citizen-engagement"),
        cities=("narayanganj",),
        deep_dive=COMPACT_TDD,
        focus="Delivering services equitably to a large population, part of Narayanganj's challenge.",
        context=(
            "Delivering services equitably to a large population is part of the challenge that "
            "Narayanganj brought to the Technical Deep Dive on Compact Cities. Equity means "
            "every neighbourhood gets a fair level of service, not only the best-connected ones."
        ),
        points=(
            "Equity starts with knowing who is served and who is not.",
            "Service standards give every neighbourhood a clear entitlement.",
            "Residents can report gaps that maps and records miss.",
            "Investment can be phased so that the least-served areas come first.",
            "Transparent reporting builds trust in the fairness of the plan.",
            "Equity and efficiency can support each other in dense cities.",
        ),
        steps=(
            "Collect information on service levels neighbourhood by neighbourhood.",
            "Publish the gaps and a plan to close them.",
            "Set up a simple way for residents to report problems.",
            "Phase investment towards the least-served areas.",
            "Report progress publicly every year.",
        ),
        questions=(
            "Which neighbourhoods in your city are least well served, and how do you know?",
            "What would a fair minimum service level look like?",
            "How can residents hold the city to its plan?",
        ),
    ),
    TopicRecord(
        key="disaster-risk",
        themes=("disaster-risk-management",),
        cities=("toyama",),
        deep_dive=None,
        focus="Natural disaster risk management in city planning, an area of expertise Toyama offers.",
        context=(
            "Natural disaster risk management is one of the areas of expertise "
            "Toyama offers through the City Partnership Program. Cities that plan "
            "where and how they grow can reduce the harm that natural hazards do."
        ),
        points=(
            "Risk is shaped by where people live as much as by the hazard itself.",
            "Land-use planning is one of the cheapest ways to reduce risk.",
            "Compact development can keep people out of the most exposed areas.",
            "Early warning works only if residents understand and trust it.",
            "Infrastructure needs to keep working, or recover quickly, after a disaster.",
            "Preparedness is a habit built through regular drills and reviews.",
        ),
        steps=(
            "Map natural hazards alongside where people live and work.",
            "Bring hazard maps into land-use and infrastructure decisions.",
            "Agree with residents how warnings will reach them.",
            "Plan how key services will keep running during and after a disaster.",
            "Practise, review and update the plan regularly.",
        ),
        questions=(
            "Which hazards matter most for your city, and where?",
            "Do planning decisions in your city use hazard information today?",
            "How would residents hear a warning, and would they act on it?",
        ),
    ),
    TopicRecord(
        key="yokohama-transformation",
        themes=("smart-cities", "citizen-engagement", "environmental-sustainability"),
        cities=("yokohama",),
        deep_dive=SMART_TDD,
        focus="How Yokohama changed over about 60 years into a competitive, eco-friendly, livable city.",
        context=(
            "Yokohama is the second largest city in Japan, with a population of just under 4 "
            "million. Over about 60 years, through planned projects and regulation, and with citizens "
            "and the private sector taking part, it changed from a declining suburban residential "
            "town into a competitive, eco-friendly, livable city with a strong economic base."
        ),
        points=(
            "Long-term change comes from many planned projects pursued over decades.",
            "Regulation and projects work together: one guides, the other builds.",
            "Citizens and the private sector taking part gives plans staying power.",
            "A declining town can become competitive and livable with a consistent vision.",
            "Environmental goals and economic strength can grow together.",
            "Patience matters: results appear over years, not months.",
        ),
        steps=(
            "Write down the city's long-term vision in plain words.",
            "Choose a few planned projects that move the city towards it.",
            "Use regulation to keep private development in line with the vision.",
            "Give citizens and businesses a regular role in planning.",
            "Review the vision each decade without abandoning it.",
        ),
        questions=(
            "What long-term vision could your city's residents and businesses share?",
            "Which projects would show progress within a few years?",
            "How can regulation and investment point in the same direction?",
        ),
    ),
    TopicRecord(
        key="smart-cities-conference",
        themes=("smart-cities", "citizen-engagement", "innovation-and-competitiveness"),
        cities=("yokohama",),
        deep_dive=SMART_TDD,
        focus="The one-day international conference on Smart Cities held during the Smart Cities deep dive.",
        context=(
            "During the Technical Deep Dive on Smart Cities, a one-day international conference on "
            "Smart Cities was held with Yokohama's support. About 190 participants came from the "
            "participating municipal governments, the private sector and academia. Its topics were "
            "citizen engagement, assured service delivery, sustainability, innovation and competitiveness."
        ),
        points=(
            "Citizen engagement: residents take part in shaping smart city services.",
            "Assured service delivery: services keep working reliably for everyone.",
            "Sustainability: smart solutions serve long-term environmental goals.",
            "Innovation and competitiveness: new ideas strengthen the city's economy.",
            "Municipal governments, the private sector and academia each bring something different.",
            "A conference is a starting point for peer exchange, not its end.",
        ),
        steps=(
            "Choose the conference topic most relevant to your city's project.",
            "Identify the partners (government, private sector, academia) you need.",
            "Follow up conversations from the conference with peer exchange.",
            "Write the ideas you want to test into your action plan.",
            "Share results back with other participating cities.",
        ),
        questions=(
            "Which of the conference topics matters most for your city today?",
            "Which partners from the private sector or academia could help?",
            "What would you ask the other participating cities?",
        ),
    ),
    TopicRecord(
        key="citizen-engagement",
        themes=("citizen-engagement", "smart-cities"),
        cities=("yokohama",),
        deep_dive=SMART_TDD,
        focus="Involving citizens and the private sector in planning and smart city services.",
        context=(
            "Citizens and the private sector took part in Yokohama's long transformation, "
            "and citizen engagement was one of the topics of the international conference "
            "on Smart Cities held during the Technical Deep Dive on Smart Cities."
        ),
        points=(
            "Engagement works when residents see their input change decisions.",
            "Different groups need different ways to take part.",
            "The private sector can be a partner in delivering the plan.",
            "Digital tools widen participation but do not replace meeting people.",
            "Clear feedback on what happened to suggestions keeps people involved.",
            "Engagement early in a project costs less than conflict later.",
        ),
        steps=(
            "Decide which decisions residents will genuinely influence.",
            "Offer both face-to-face and online ways to take part.",
            "Invite businesses and universities to contribute.",
            "Report back on what changed because of residents' input.",
            "Keep a standing group that the city consults regularly.",
        ),
        questions=(
            "Which of your city's decisions could residents shape directly?",
            "Who is missing from the conversations your city holds today?",
            "How do you tell residents what happened to their ideas?",
        ),
    ),
    TopicRecord(
        key="assured-service-delivery",
        themes=("infrastructure-and-service-delivery", "smart-cities"),
        cities=("yokohama",),
        deep_dive=SMART_TDD,
        focus="Keeping city services reliable for every resident, a topic of the Smart Cities conference.",
        context=(
            "Assured service delivery was one of the topics of the international conference "
            "on Smart Cities held during the Technical Deep Dive on Smart Cities with "
            "Yokohama. It asks how a city keeps services working, and working for everyone."
        ),
        points=(
            "Reliability matters to residents more than novelty.",
            "Every digital service needs a fallback for people who cannot use it.",
            "Shared standards across agencies make services easier to run.",
            "Monitoring catches problems before residents do.",
            "Service delivery and infrastructure planning belong together.",
            "Residents' complaints are a source of information, not only a burden.",
        ),
        steps=(
            "List the services residents rely on most.",
            "Agree a service standard for each.",
            "Set up simple monitoring and a way for residents to report failures.",
            "Keep a non-digital route to every service.",
            "Review failures openly and fix their causes.",
        ),
        questions=(
            "Which services would residents miss most if they failed?",
            "How does your city learn that a service has stopped working?",
            "Who in your city owns each service standard?",
        ),
    ),
    TopicRecord(
        key="sustainability",
        themes=("environmental-sustainability",),
        cities=("yokohama", "toyama"),
        deep_dive=SMART_TDD,
        focus="Eco-friendly urban development in two partner cities, Yokohama and Toyama.",
        context=(
            "Yokohama became a competitive, eco-friendly, livable city over about 60 years. Toyama, a major "
            'producer of hydroelectric power, was designated an "Environmental Model City" by Japan\'s '
            'national government in 2008 and an "Environmental Future City" a few years later. '
            "Sustainability was also a topic of the international conference on Smart Cities."
        ),
        points=(
            "Environmental goals are easier to reach in a compact, well-planned city.",
            "National designations can give local environmental policy visibility and momentum.",
            "Local energy resources can be part of a city's environmental strategy.",
            "Eco-friendly and economically strong are not opposites.",
            "Residents and businesses need to share the environmental goals.",
            "Environmental plans need regular, public review.",
        ),
        steps=(
            "Set a small number of environmental goals the city can act on.",
            "Link them to land use, transport and energy plans.",
            "Work with businesses and residents on shared actions.",
            "Seek national or international recognition where it helps.",
            "Report progress publicly.",
        ),
        questions=(
            "Which environmental goals matter most to your city's residents?",
            "Which local resources could support an environmental strategy?",
            "How would your city show progress to residents?",
        ),
    ),
    TopicRecord(
        key="innovation-competitiveness",
        themes=("innovation-and-competitiveness", "smart-cities"),
        cities=("toyama", "yokohama"),
        deep_dive=SMART_TDD,
        focus="Innovation, competitiveness and a strong urban economic base.",
        context=(
            "Toyama is home to high-tech, robotics, banking and pharmaceutical industries. Yokohama "
            "built a strong economic base during its transformation into a competitive, livable city. "
            "Innovation and competitiveness were topics of the international conference on Smart Cities."
        ),
        points=(
            "A city's economic base and its livability support each other.",
            "Local industries can be partners in solving city problems.",
            "Universities and the private sector bring ideas the city does not have alone.",
            "Competitiveness depends on good basic services as well as new technology.",
            "Pilots let a city test ideas before committing to them.",
            "Innovation needs room to fail and learn.",
        ),
        steps=(
            "Map the industries and institutions the city's economy rests on.",
            "Invite them to work on one concrete city problem.",
            "Run a small pilot with clear questions to answer.",
            "Scale what works and stop what does not.",
            "Share results with other cities.",
        ),
        questions=(
            "Which local industries could help solve a city problem?",
            "What would a first pilot look like in your city?",
            "How does your city decide to scale or stop a pilot?",
        ),
    ),
    TopicRecord(
        key="tdd-method",
        themes=("city-to-city-learning",),
        cities=("toyama", "yokohama"),
        deep_dive=None,
        focus="How a Technical Deep Dive works: workshops, site visits, peer exchange and action planning.",
        context=(
            "A Technical Deep Dive is a knowledge exchange built from workshops, site "
            "visits, peer-to-peer knowledge sharing and action planning. Its aim is to "
            "move World Bank-funded projects forward on specific issues. TDLC held a deep "
            "dive on Compact Cities with Toyama and one on Smart Cities with Yokohama."
        ),
        points=(
            "Workshops set out the ideas and the partner city's experience.",
            "Site visits show how the ideas look on the ground.",
            "Peer-to-peer exchange lets officials compare notes frankly.",
            "Action planning turns learning into steps for a World Bank-funded project.",
            "The best deep dives start from the client city's own challenge.",
            "Follow-up after the deep dive matters as much as the event.",
        ),
        steps=(
            "State the client city's challenge before the deep dive.",
            "Choose workshops and site visits that speak to it.",
            "Make time for open peer-to-peer exchange.",
            "Leave with a written action plan linked to a project.",
            "Follow up with the partner city and the World Bank task team.",
        ),
        questions=(
            "Which challenge would your city bring to a deep dive?",
            "Which World Bank-funded project should the action plan support?",
            "Who from your city should take part?",
        ),
    ),
    TopicRecord(
        key="knowledge-capture",
        themes=("city-to-city-learning",),
        cities=("kobe", "kitakyushu"),
        deep_dive=None,
        focus='How partner city officials document lessons and practical "how to" experience.',
        context=(
            "Partner city officials document lessons on development challenges and solution areas through "
            'joint research, knowledge delivery and learning activities, and capture practical "how to" '
            "experience from their agencies. The outputs include knowledge notes, toolkits, good "
            "practice guides and videos, shared on TDLC's and the World Bank's online platforms."
        ),
        points=(
            'The most useful knowledge is often practical "how to" experience held by agency staff.',
            "Writing lessons down makes them available after staff move on.",
            "A shared structure (challenge, action, result, lesson) makes lessons comparable.",
            "Knowledge organised around themes is easier for other cities to find.",
            "Short outputs are read more often than long ones.",
            "A self-sustaining learning model needs contributors as well as readers.",
        ),
        steps=(
            "Choose one practice your agency does well.",
            "Interview the staff who run it.",
            "Write it up as challenge, action, result and lesson.",
            "Tag it with the themes other cities search for.",
            "Publish it and invite questions from other cities.",
        ),
        questions=(
            "Which of your agency's practices would other cities ask about?",
            "Who holds that knowledge today?",
            "How would you keep the write-up current?",
        ),
    ),
    TopicRecord(
        key="urban-mobility",
        themes=("urban-mobility", "compact-cities", "services-for-an-ageing-population"),
        cities=("toyama",),
        deep_dive=COMPACT_TDD,
        focus="Moving around a compact city: linking homes and services with transport.",
        context=(
            "A compact city keeps homes, jobs and services close together, and the way "
            "people move between them decides whether that works. Transport also matters "
            "for elderly citizens, whose services Toyama has expertise in delivering."
        ),
        points=(
            "Land use and transport plans must be made together.",
            "Frequent public transport supports growth along its routes.",
            "Walking is the first mode in a compact city.",
            "Accessible transport keeps older residents independent.",
            "Parking policy shapes how people choose to travel.",
            "Transport investment should follow the city's growth plan, not lead it elsewhere.",
        ),
        steps=(
            "Map routes between homes, jobs and services.",
            "Identify the corridors where growth and transport should meet.",
            "Improve walking routes around stations and stops.",
            "Check accessibility for older residents and people with disabilities.",
            "Align parking and transport policy with the growth plan.",
        ),
        questions=(
            "Which corridors in your city could carry more homes and better transport?",
            "How easy is it to walk to a stop in your city?",
            "Who plans land use and transport, and do they meet?",
        ),
    ),
    TopicRecord(
        key="client-city-range",
        themes=("city-to-city-learning",),
        cities=("kitakyushu", "kobe", "toyama", "yokohama"),
        deep_dive=None,
        focus="Why the first batch of partner cities was chosen to be of varying sizes.",
        context=(
            "The first batch of CPP partner cities, Kitakyushu, Kobe, Toyama and Yokohama, was "
            "selected in July 2016 by a committee of development professionals. Cities of varying "
            "sizes were chosen on purpose, because client cities range from small towns to large cities."
        ),
        points=(
            "A client city learns most from a partner that faced similar conditions.",
            "Small towns and large cities face different versions of the same challenges.",
            "Mid-sized cities, such as Toyama, can offer advanced policy.",
            "Large cities, such as Yokohama, show change at scale.",
            "Matching partner and client is the first step in any exchange.",
            "A range of partners lets the program serve a range of clients.",
        ),
        steps=(
            "Describe the client city's size, challenge and World Bank project.",
            "Find partner cities with relevant expertise and a comparable setting.",
            "Agree the questions the exchange should answer.",
            "Plan a deep dive or peer exchange around them.",
            "Review whether the match worked.",
        ),
        questions=(
            "Which partner city's setting is closest to yours?",
            "What would your city want to ask it?",
            "How would you judge whether an exchange was worthwhile?",
        ),
    ),
    TopicRecord(
        key="urbanising-world",
        themes=("compact-cities", "infrastructure-and-service-delivery"),
        cities=(),
        deep_dive=None,
        focus="Why city-to-city learning matters in an urbanising world.",
        context=(
            "More than half of the world's population, nearly 3.6 billion people, live in cities, "
            "and by 2050 city dwellers are expected to be more than 70% of the world's population. "
            "Decisions that cities make now will shape how that growth is housed and served."
        ),
        points=(
            "Urban growth is a chance as well as a strain.",
            "Decisions made now about land and infrastructure last for generations.",
            "Cities that have already been through change have lessons to share.",
            "Compact, well-served cities use land and infrastructure efficiently.",
            "Learning between cities complements national and international support.",
            "Practical experience travels best from official to official.",
        ),
        steps=(
            "Understand where your city is growing and how fast.",
            "Decide where growth should go and how it will be served.",
            "Look for cities that have faced similar growth.",
            "Learn from them through exchanges and published lessons.",
            "Share your own lessons in return.",
        ),
        questions=(
            "Where will your city's next residents live?",
            "Which decisions about land and infrastructure cannot wait?",
            "Which city would you most like to learn from?",
        ),
    ),
    TopicRecord(
        key="sample-flood-resilience",
        themes=("disaster-risk-management", "citizen-engagement"),
        cities=("semarang",),
        deep_dive=COMPACT_TDD,
        focus=(
            "Flood resilience in low-lying neighbourhoods, an illustrative challenge of a sample client city."
        ),
        context=(
            "Semarang appears in this demo as a sample client city; its flood challenge is illustrative. The "
            "topic draws on natural disaster risk management, one of the areas of expertise Toyama offers."
        ),
        points=(
            "Flood risk grows when neighbourhoods expand into low-lying land.",
            "Drainage works need to keep pace with new building.",
            "Residents' knowledge of past floods is valuable information.",
            "Warnings must reach people in time and in words they trust.",
            "Recovery plans belong in the plan from the start.",
            "Flood risk and city centre revitalisation can be planned together.",
        ),
        steps=(
            "Map flood-prone areas with residents.",
            "Steer new building away from the most exposed land.",
            "Plan drainage improvements with the growth plan.",
            "Test warning messages with residents.",
            "Review the plan after every flood season.",
        ),
        questions=(
            "Where have floods reached in living memory?",
            "Which new developments are planned on low-lying land?",
            "How are warnings passed on in each neighbourhood?",
        ),
    ),
    TopicRecord(
        key="sample-digital-services",
        themes=("smart-cities", "citizen-engagement", "infrastructure-and-service-delivery"),
        cities=("lima",),
        deep_dive=SMART_TDD,
        focus="Digital public services residents trust, an illustrative challenge of a sample client city.",
        context=(
            "Lima appears in this demo as a sample client city; its challenge of earning residents' "
            "trust in online services is illustrative. The topic draws on citizen engagement and "
            "assured service delivery, both topics of the international conference on Smart Cities."
        ),
        points=(
            "Trust is earned by services that work, not by technology alone.",
            "Residents should help design the services they will use.",
            "Every online service needs an offline route.",
            "Clear language matters as much as a good interface.",
            "Data about residents must be handled openly and carefully.",
            "Agencies need shared standards to offer joined-up services.",
        ),
        steps=(
            "Ask residents which services they want online first.",
            "Design and test them with residents.",
            "Keep an offline route for every service.",
            "Publish how residents' data is used.",
            "Measure satisfaction and improve.",
        ),
        questions=(
            "Which services would residents most like to use online?",
            "Who in your city cannot use online services, and how will they be served?",
            "How do you explain what happens to residents' data?",
        ),
    ),
    TopicRecord(
        key="sample-centre-mobility",
        themes=("urban-mobility", "city-centre-revitalisation"),
        cities=("dakar",),
        deep_dive=SMART_TDD,
        focus="Access to a crowded city centre, an illustrative challenge of a sample client city.",
        context=(
            "Dakar appears in this demo as a sample client city; its challenge of congestion "
            "in the city centre is illustrative. The topic draws on city centre revitalisation, "
            "one of the areas of expertise Toyama offers, and on citizen engagement."
        ),
        points=(
            "A city centre works when people can reach it easily.",
            "Walking and public transport carry most people into busy centres.",
            "Street space is limited and must be shared fairly.",
            "Traders and residents need a say in changes to streets.",
            "Small changes to junctions and pavements can help quickly.",
            "Access and revitalisation go together.",
        ),
        steps=(
            "Count how people arrive in the centre today.",
            "Ask residents and traders which routes are hardest.",
            "Trial changes to a few streets.",
            "Keep what works and extend it.",
            "Link the changes to the wider transport plan.",
        ),
        questions=(
            "How do most people reach your city centre?",
            "Which streets could be shared differently?",
            "Who would need to agree to a trial?",
        ),
    ),
    TopicRecord(
        key="sample-serviced-neighbourhoods",
        themes=("infrastructure-and-service-delivery", "densification"),
        cities=("maputo",),
        deep_dive=COMPACT_TDD,
        focus=(
            "Basic services in fast-growing neighbourhoods, "
            "an illustrative challenge of a sample client city."
        ),
        context=(
            "Maputo appears in this demo as a sample client city; its challenge of "
            "bringing basic services to fast-growing neighbourhoods is illustrative. "
            "The topic draws on densification and on infrastructure and service delivery."
        ),
        points=(
            "Serving land before people settle costs less than serving it afterwards.",
            "Guiding growth towards serviceable land is a form of densification policy.",
            "Basic services include water, sanitation, drainage and access roads.",
            "Community groups can help plan and maintain services.",
            "Phased upgrading spreads cost over time.",
            "Service plans need to be tied to the city's growth plan.",
        ),
        steps=(
            "Identify the neighbourhoods growing fastest.",
            "Agree the basic services each must have.",
            "Plan and phase upgrading with community groups.",
            "Guide new settlement towards serviced land.",
            "Review progress with the World Bank task team.",
        ),
        questions=(
            "Where is your city growing fastest, and what services are there?",
            "What would it take to serve land before people settle?",
            "How can community groups share in maintaining services?",
        ),
    ),
)


JAPANESE_TOPICS: tuple[TopicRecord, ...] = (
    TopicRecord(
        key="compact-city-policy",
        themes=(),
        cities=(),
        deep_dive=None,
        focus="富山市のコンパクトシティ政策から、クライアント都市が学べること。",
        context=(
            "富山市は人口50万人未満の中規模都市です。2012年にはOECDから、"
            "先進的なコンパクトシティ政策を持つ5都市の一つに選ばれました。"
            "シティ・パートナーシップ・プログラム（CPP）での富山市のテーマはコンパクトシティです。"
        ),
        points=(
            "住まい、仕事、サービスを近くにまとめることがコンパクトシティの基本です。",
            "土地利用、交通、サービスを一体で考える長期的な取り組みが必要です。",
            "中心市街地の活性化、高密度化、高齢者へのサービスは互いに支え合います。",
            "規模の大小にかかわらず、先進的な政策を進めることができます。",
        ),
        steps=(
            "住民の住まいとサービスの場所を地図にする。",
            "新しい住宅を誘導する地域を決める。",
            "その地域を公共交通と日常のサービスで結ぶ。",
            "毎年、住民や世界銀行のチームと進み具合を確認する。",
        ),
        questions=(
            "住宅が増えれば、住民がサービスに近づく場所はどこでしょうか。",
            "成長の誘導には、誰の合意が必要でしょうか。",
        ),
    ),
    TopicRecord(
        key="city-centre-revitalisation",
        themes=(),
        cities=(),
        deep_dive=None,
        focus="中心市街地のにぎわいを取り戻す方法。富山市が提供する専門分野の一つです。",
        context=(
            "中心市街地の活性化は、富山市がCPPを通じてクライアント都市に提供する専門分野の一つです。"
            "高密度化、高齢者へのサービス、自然災害リスク管理と並んで挙げられています。"
        ),
        points=(
            "にぎわいのある中心部は、住民がサービスの近くで暮らす理由になります。",
            "活性化には、店舗や事務所だけでなく住まいが欠かせません。",
            "公共空間やイベントが、新しい建物より先に人を呼び戻します。",
            "歩いて、また公共交通で行きやすいことが大切です。",
        ),
        steps=(
            "住民や事業者と中心部を歩き、人が遠のく理由を書き出す。",
            "早く目に見える改善ができる場所を選ぶ。",
            "中心部とその周辺に住宅を誘導する。",
            "人々の使い方を見ながら計画を見直す。",
        ),
        questions=(
            "いま中心部に人を呼んでいるもの、遠ざけているものは何でしょうか。",
            "住民はどのように計画に参加できるでしょうか。",
        ),
    ),
    TopicRecord(
        key="ageing-services",
        themes=(),
        cities=(),
        deep_dive=None,
        focus="高齢者のためのインフラとサービス提供。富山市が提供する専門分野の一つです。",
        context=(
            "富山市は、高齢者のためのインフラとサービス提供について専門的な知見を提供しています。"
            "クライアント都市は、高齢の住民のための計画づくりにその経験を生かすことができます。"
        ),
        points=(
            "高齢者には、短く安全な移動で届くサービスが必要です。",
            "歩きやすい道と使いやすい公共交通が、高齢者の自立を支えます。",
            "医療、介護、日々の買い物は近くにまとまっているほど便利です。",
            "高齢者向けの設計は、すべての人にとって使いやすいまちにつながります。",
        ),
        steps=(
            "高齢者がどこに住み、どのサービスを使っているかを調べる。",
            "住まいとサービスを結ぶ道の障害を点検する。",
            "高齢の住民に計画を見てもらう。",
            "人口の変化に合わせて計画を見直す。",
        ),
        questions=(
            "高齢の住民は、医療や買い物のためにどれくらい移動していますか。",
            "最初に取り除ける障害はどれでしょうか。",
        ),
    ),
    TopicRecord(
        key="disaster-risk",
        themes=(),
        cities=(),
        deep_dive=None,
        focus="都市計画における自然災害リスク管理。富山市が提供する専門分野の一つです。",
        context=(
            "自然災害リスク管理は、富山市がCPPを通じて提供する専門分野の一つです。どこに、"
            "どのようにまちを広げるかを計画することで、自然災害の被害を減らすことができます。"
        ),
        points=(
            "リスクは災害そのものだけでなく、人がどこに住むかによって決まります。",
            "土地利用計画は、リスクを減らす最も費用の少ない方法の一つです。",
            "警報は、住民が理解し信頼してはじめて役に立ちます。",
            "定期的な訓練と見直しが備えを習慣にします。",
        ),
        steps=(
            "災害の危険と人の暮らす場所を重ねて地図にする。",
            "その地図を土地利用とインフラの判断に使う。",
            "警報を住民にどう届けるかを住民と決める。",
            "計画を定期的に訓練し、見直す。",
        ),
        questions=(
            "あなたの都市にとって最も重要な災害は何で、どこで起きやすいでしょうか。",
            "警報を聞いたとき、住民は行動するでしょうか。",
        ),
    ),
    TopicRecord(
        key="yokohama-transformation",
        themes=(),
        cities=(),
        deep_dive=None,
        focus="横浜市が約60年をかけて、競争力があり環境にやさしく住みやすい都市へ変わった歩み。",
        context=(
            "横浜市は人口400万人弱の、日本で2番目に大きな都市です。約60年にわたり、"
            "計画的な事業と規制によって、また市民と民間企業の参加を得て、衰退しつつあった郊外の住宅都市から、"
            "競争力があり、環境にやさしく、住みやすい、強い経済基盤を持つ都市へと変わりました。"
        ),
        points=(
            "長期的な変化は、数十年にわたる多くの計画的な事業から生まれます。",
            "規制と事業は車の両輪です。一方が導き、もう一方が形にします。",
            "市民と民間企業の参加が、計画を長続きさせます。",
            "環境への配慮と経済の強さは両立できます。",
        ),
        steps=(
            "都市の長期的なビジョンを分かりやすい言葉で書く。",
            "ビジョンに近づく計画的な事業をいくつか選ぶ。",
            "規制によって民間の開発をビジョンに沿わせる。",
            "市民と企業が計画に関わる場を定期的に設ける。",
        ),
        questions=(
            "住民や企業と共有できる長期的なビジョンは何でしょうか。",
            "数年で成果が見える事業はどれでしょうか。",
        ),
    ),
    TopicRecord(
        key="smart-cities-conference",
        themes=(),
        cities=(),
        deep_dive=None,
        focus="スマートシティの技術ディープダイブ中に開かれた、1日間のスマートシティ国際会議。",
        context=(
            "スマートシティの技術ディープダイブの期間中、"
            "横浜市の協力を得て1日間のスマートシティ国際会議が開かれました。"
            "参加した自治体、民間企業、学術界から約190人が参加しました。テーマは、"
            "市民参加、確実なサービス提供、持続可能性、イノベーションと競争力でした。"
        ),
        points=(
            "市民参加：住民がスマートシティのサービスづくりに関わること。",
            "確実なサービス提供：すべての人のためにサービスが確実に動くこと。",
            "持続可能性：スマートな解決策が長期的な環境目標に役立つこと。",
            "イノベーションと競争力：新しい発想が都市の経済を強くすること。",
        ),
        steps=(
            "自都市の事業に最も関係の深いテーマを選ぶ。",
            "必要なパートナー（行政、民間、学術）を見つける。",
            "会議で始まった対話をピア交流につなげる。",
            "試したいアイデアを行動計画に書き込む。",
        ),
        questions=(
            "会議のテーマのうち、いまの自都市に最も重要なものはどれでしょうか。",
            "ほかの参加都市に何を聞いてみたいでしょうか。",
        ),
    ),
    TopicRecord(
        key="citizen-engagement",
        themes=(),
        cities=(),
        deep_dive=None,
        focus="計画づくりやスマートシティのサービスに、市民と民間企業が参加すること。",
        context=(
            "横浜市の長い変化には、市民と民間企業が参加しました。また、市民参加は、"
            "スマートシティの技術ディープダイブ中に開かれた国際会議のテーマの一つでした。"
        ),
        points=(
            "自分の意見で判断が変わると分かったとき、市民は参加し続けます。",
            "人によって、参加しやすい方法は異なります。",
            "民間企業は計画を実現するパートナーになり得ます。",
            "意見がどう生かされたかを伝えることが信頼を育てます。",
        ),
        steps=(
            "市民が実際に影響を与えられる判断を決める。",
            "対面とオンラインの両方の参加方法を用意する。",
            "企業や大学にも協力を呼びかける。",
            "市民の意見で何が変わったかを報告する。",
        ),
        questions=(
            "市民が直接関われる判断はどれでしょうか。",
            "いまの話し合いに加わっていないのは誰でしょうか。",
        ),
    ),
    TopicRecord(
        key="tdd-method",
        themes=(),
        cities=(),
        deep_dive=None,
        focus="技術ディープダイブの進め方：ワークショップ、現地視察、ピア交流、行動計画づくり。",
        context=(
            "技術ディープダイブ（TDD）は、ワークショップ、現地視察、都市間のピア交流、"
            "行動計画づくりからなる知識交流です。世界銀行が資金を提供する事業を、"
            "具体的な課題について前に進めることを目的としています。"
            "TDLCは富山市とコンパクトシティのTDDを、横浜市とスマートシティのTDDを開催しました。"
        ),
        points=(
            "ワークショップで考え方とパートナー都市の経験を共有します。",
            "現地視察で、その考え方が現場でどう形になっているかを見ます。",
            "ピア交流で、職員どうしが率直に意見を交わします。",
            "行動計画づくりで、学んだことを事業の次の一歩にします。",
        ),
        steps=(
            "参加前に、クライアント都市の課題を言葉にする。",
            "課題に合ったワークショップと視察先を選ぶ。",
            "事業と結びついた行動計画を持ち帰る。",
            "パートナー都市と世界銀行のチームとフォローアップする。",
        ),
        questions=(
            "あなたの都市は、どの課題をディープダイブに持ち込みますか。",
            "行動計画は、世界銀行のどの事業を支えるべきでしょうか。",
        ),
    ),
    TopicRecord(
        key="sustainability",
        themes=(),
        cities=(),
        deep_dive=None,
        focus="二つのパートナー都市、横浜市と富山市の環境にやさしいまちづくり。",
        context=(
            "横浜市は約60年をかけて、競争力があり環境にやさしく住みやすい都市になりました。"
            "水力発電の主要な産地である富山市は、2008年に国から「環境モデル都市」に、"
            "その数年後に「環境未来都市」に選ばれました。"
        ),
        points=(
            "コンパクトでよく計画された都市ほど、環境目標を達成しやすくなります。",
            "国による選定は、地域の環境政策に注目と勢いを与えます。",
            "地域のエネルギー資源は、都市の環境戦略の一部になり得ます。",
            "環境にやさしいことと経済が強いことは両立します。",
        ),
        steps=(
            "都市が取り組める環境目標を少数に絞って決める。",
            "それを土地利用、交通、エネルギーの計画と結びつける。",
            "企業や住民と共通の行動に取り組む。",
            "進み具合を公表する。",
        ),
        questions=(
            "住民にとって最も大切な環境目標は何でしょうか。",
            "環境戦略を支えられる地域の資源は何でしょうか。",
        ),
    ),
)
