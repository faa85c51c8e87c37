"""Phrase banks for the demo generator: company names, industries, role families, benefits
and hiring processes, all written for Jobboard.

Templates use ``str.format`` fields. Company templates may use {company}, {city}, {year},
{product}, {users}, {people_phrase} and {funding_year}. Job templates may use {company},
{team}, {users}, {domain}, {product_noun}, {title}, {a_title} (the title with "a" or "an"),
{city}, and the job's skills: {skill} (its main language or framework), {language},
{framework}, {database}, {cloud}, {tool}, {practice} (its first required skill of that kind)
and {nice} (a nice-to-have tool); a template naming a skill the job lacks is not used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Company names join a root ("Kestrel", "Copperleaf") to a word that hints at the trade.
NAME_ROOTS = (
    "Kestrel", "Heron", "Osprey", "Lynx", "Marten", "Puffin", "Otter", "Finch", "Wren",
    "Plover", "Ibis", "Condor", "Bluefin", "Marlin", "Petrel", "Curlew", "Starling", "Swift",
    "Falcon", "Merlin", "Badger", "Beaver", "Bison", "Caribou", "Coyote", "Ermine", "Gannet",
    "Juniper", "Marigold", "Saffron", "Indigo", "Cobalt", "Basalt", "Quartz", "Granite",
    "Obsidian", "Halcyon", "Zenith", "Lattice", "Helix", "Orbit", "Tensor", "Vector",
    "Quill", "Lumen", "Cinder", "Ember", "Tinder", "Aster", "Sorrel", "Thistle", "Yarrow",
    "Bramble", "Hazel", "Rowan", "Alder", "Linden", "Larch", "Sequoia", "Tamarack",
    "Meridian", "Parallax", "Solstice", "Equinox", "Aurora", "Nimbus", "Cirrus", "Stratus",
    "Monsoon", "Mistral", "Sirocco", "Tidewater", "Driftwood", "Saltmarsh", "Keystone",
    "Lodestar", "Waypoint", "Signal", "Beacon", "Harbor", "Anchor", "Compass", "Sextant",
    "Fathom", "Kelp", "Coral", "Pebble", "Boulder", "Canyon", "Mesa", "Prairie", "Tundra",
    "Fjord", "Glacier", "Summit", "Ridgeline", "Foxglove", "Larkspur", "Clover", "Fennel",
    "Pinion", "Sprocket", "Flywheel", "Gimbal", "Tessera", "Mosaic", "Loom", "Spindle",
    "Arbor", "Cairn", "Dune", "Estuary", "Inlet", "Lagoon", "Meadow", "Orchard", "Paddock",
)  # fmt: skip
NAME_COMPOUND_STARTS = (
    "North", "South", "East", "West", "Blue", "Green", "Silver", "Copper", "Iron", "Stone",
    "Bright", "Clear", "Deep", "High", "Long", "Red", "Still", "Swift", "True", "Wild",
    "Oak", "Elm", "Ash", "Birch", "Cedar", "Maple", "Willow", "Pine", "Fern", "Moss",
    "Sea", "River", "Lake", "Sky", "Star", "Sun", "Moon", "Cloud", "Rain", "Snow",
)  # fmt: skip
NAME_COMPOUND_ENDS = (
    "wind", "leaf", "field", "way", "stone", "light", "gate", "brook", "crest", "ridge",
    "wood", "mark", "fall", "haven", "line", "port", "vale", "ford", "mere", "wick",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Product:
    """What a company sells: a predicate for its description and a noun for job ads."""

    pitch: str  # follows the company name: "builds ..."
    noun: str  # "our {noun}"


@dataclass(frozen=True, slots=True)
class IndustryText:
    name_words: tuple[str, ...]
    products: tuple[Product, ...]
    users: tuple[str, ...]  # plural nouns: who the product serves
    domains: tuple[str, ...]  # plural noun phrases: what the software handles
    teams: tuple[str, ...]
    missions: tuple[str, ...]
    family_affinity: Mapping[str, float]  # role family -> how much more this trade hires it


INDUSTRIES: Mapping[str, IndustryText] = {
    "fintech": IndustryText(
        name_words=("Payments", "Capital", "Ledger", "Pay", "Finance", "Money", "Treasury"),
        products=(
            Product("builds payment infrastructure for online marketplaces", "payments platform"),
            Product("runs a card-issuing platform for small businesses", "card platform"),
            Product(
                "makes accounting software for freelancers and small agencies", "accounting product"
            ),
            Product("helps banks catch fraud before the money moves", "fraud detection service"),
            Product("offers treasury management to mid-sized companies", "treasury platform"),
            Product(
                "lets employers pay people in forty countries from one account",
                "global payroll product",
            ),
            Product("turns invoices into same-day cash for suppliers", "invoice financing product"),
            Product(
                "builds the ledger that fast-growing fintechs run their books on", "ledger service"
            ),
        ),
        users=("merchants", "finance teams", "small-business owners", "account holders"),
        domains=(
            "card payments",
            "payouts",
            "ledger entries",
            "bank transfers",
            "risk decisions",
            "reconciliation runs",
        ),
        teams=(
            "Payments Core",
            "Ledger",
            "Risk",
            "Onboarding",
            "Card Issuing",
            "Payouts",
            "Reconciliation",
            "Treasury",
        ),
        missions=(
            "The {team} team owns the path every payment takes, from the first API call to the "
            "moment the money settles.",
            "{team} keeps {users} confident that their numbers are right: every cent accounted "
            "for, every report reproducible.",
            "The {team} team decides, in milliseconds, which {domain} go through and which need "
            "a second look.",
            "{team} turns a regulated, paper-heavy process into a few clicks for {users}.",
            "The {team} team builds the systems that move money for {users} in more than thirty "
            "currencies.",
            "{team} is where correctness matters more than cleverness: the team runs the "
            "services that record and settle {domain}.",
        ),
        family_affinity={"backend": 1.4, "security": 1.8, "data": 1.2, "data-science": 1.2},
    ),
    "health tech": IndustryText(
        name_words=("Health", "Care", "Clinical", "Medical", "Bio", "Wellness", "Therapeutics"),
        products=(
            Product(
                "builds scheduling and records software for independent clinics", "clinic platform"
            ),
            Product(
                "runs a virtual-care service that connects patients with licensed doctors",
                "virtual-care service",
            ),
            Product("helps hospitals predict bed demand a week ahead", "capacity planning tool"),
            Product(
                "makes a remote monitoring app for people living with chronic conditions",
                "remote monitoring app",
            ),
            Product(
                "gives pharmacies a modern system for prescriptions and stock", "pharmacy platform"
            ),
            Product(
                "speeds up clinical trials by matching patients to studies",
                "trial matching service",
            ),
            Product(
                "builds the data platform that lab networks use to share results",
                "lab results platform",
            ),
        ),
        users=("patients", "clinicians", "care teams", "pharmacists"),
        domains=(
            "appointments",
            "patient records",
            "lab results",
            "prescriptions",
            "care plans",
            "device readings",
        ),
        teams=(
            "Patient Experience",
            "Clinical Workflows",
            "Interoperability",
            "Care Delivery",
            "Scheduling",
            "Health Data",
            "Prescriptions",
            "Trust and Compliance",
        ),
        missions=(
            "The {team} team gives {users} back time: fewer clicks, fewer phone calls, fewer "
            "forms filled in twice.",
            "{team} connects our product to the systems hospitals already run, so {domain} "
            "arrive where they are needed.",
            "The {team} team builds the tools {users} open first thing in the morning and "
            "close last thing at night.",
            "{team} makes sure that sensitive {domain} are handled safely, legibly and in line "
            "with every regulation that applies.",
            "The {team} team turns raw {domain} into signals a care team can act on.",
        ),
        family_affinity={"data-science": 1.5, "security": 1.3, "mobile": 1.2, "quality": 1.3},
    ),
    "e-commerce": IndustryText(
        name_words=("Commerce", "Market", "Shop", "Retail", "Goods", "Supply", "Cart"),
        products=(
            Product("runs an online marketplace for independent furniture makers", "marketplace"),
            Product(
                "builds storefront software for direct-to-consumer brands", "storefront platform"
            ),
            Product("helps retailers price thousands of products every hour", "pricing engine"),
            Product(
                "makes the returns process painless for shoppers and stores", "returns platform"
            ),
            Product(
                "sells groceries online with delivery in under two hours",
                "grocery delivery service",
            ),
            Product(
                "powers search and recommendations for mid-sized online shops",
                "search and discovery product",
            ),
            Product("runs a resale marketplace for second-hand clothing", "resale marketplace"),
        ),
        users=("shoppers", "sellers", "store owners", "brands"),
        domains=(
            "orders",
            "product listings",
            "checkouts",
            "search results",
            "returns",
            "price updates",
        ),
        teams=(
            "Checkout",
            "Search",
            "Catalog",
            "Seller Tools",
            "Fulfilment",
            "Growth",
            "Pricing",
            "Storefront",
        ),
        missions=(
            "The {team} team owns the moment a shopper decides to buy, and works to make it "
            "faster and calmer.",
            "{team} helps {users} find what they came for among millions of {domain}.",
            "The {team} team builds the tools {users} use to run their shops day to day.",
            "{team} keeps {domain} flowing during the busiest weekend of the year as smoothly as "
            "on a quiet Tuesday.",
            "The {team} team experiments constantly and ships what the numbers support.",
        ),
        family_affinity={"frontend": 1.4, "fullstack": 1.2, "data-science": 1.2, "mobile": 1.2},
    ),
    "developer tools": IndustryText(
        name_words=("Labs", "Systems", "Software", "Dev", "Build", "Code", "Stack"),
        products=(
            Product(
                "builds a CI service that runs test suites in a fraction of the usual time",
                "CI service",
            ),
            Product(
                "makes an observability platform for teams running many small services",
                "observability platform",
            ),
            Product(
                "offers feature flags and experimentation for product engineering teams",
                "feature flag service",
            ),
            Product(
                "builds a managed database service for application developers", "managed database"
            ),
            Product(
                "makes the API gateway that thousands of engineering teams run in production",
                "API gateway",
            ),
            Product("helps teams find and fix flaky tests automatically", "test insights product"),
            Product(
                "builds an internal developer portal for large engineering organisations",
                "developer portal",
            ),
            Product(
                "runs an open-source code search engine and its hosted edition",
                "code search product",
            ),
        ),
        users=("developers", "engineering teams", "platform teams", "open-source maintainers"),
        domains=("builds", "deployments", "traces", "API requests", "queries", "code reviews"),
        teams=(
            "Runtime",
            "Developer Experience",
            "Ingestion",
            "Query Engine",
            "CLI and SDKs",
            "Control Plane",
            "Integrations",
            "Open Source",
        ),
        missions=(
            "The {team} team builds the part of our product that {users} touch every day, and "
            "they notice every millisecond.",
            "{team} keeps millions of {domain} per hour flowing without anyone having to think "
            "about it.",
            "The {team} team works in the open: much of what it ships lands in our public "
            "repositories first.",
            "{team} is the team that turns a great idea on a whiteboard into a tool {users} "
            "recommend to each other.",
            "The {team} team owns the systems that process {domain} for every customer, from "
            "two-person startups to public companies.",
        ),
        family_affinity={
            "devrel": 4.0,
            "infrastructure": 1.6,
            "reliability": 1.5,
            "backend": 1.2,
            "database": 1.5,
        },
    ),
    "gaming": IndustryText(
        name_words=("Games", "Studios", "Interactive", "Play", "Entertainment", "Arcade"),
        products=(
            Product("makes cooperative survival games for PC and consoles", "games"),
            Product("develops free-to-play mobile puzzle games played by millions", "mobile games"),
            Product(
                "builds the multiplayer backend that independent studios launch on",
                "multiplayer platform",
            ),
            Product(
                "is an independent studio behind two award-winning narrative games", "next game"
            ),
            Product(
                "runs a live-service racing game with a large competitive community", "live game"
            ),
            Product(
                "makes tools that help game studios test and balance their games", "game tooling"
            ),
        ),
        users=("players", "game studios", "creators", "competitive players"),
        domains=(
            "matches",
            "player sessions",
            "live events",
            "leaderboards",
            "in-game economies",
            "game builds",
        ),
        teams=(
            "Gameplay",
            "Online Services",
            "Engine",
            "Live Ops",
            "Tools",
            "Matchmaking",
            "Graphics",
            "Player Experience",
        ),
        missions=(
            "The {team} team makes sure that when a million {users} log in on launch day, "
            "every one of them gets a match.",
            "{team} works side by side with designers and artists to make the game feel right "
            "in the hand.",
            "The {team} team builds the systems behind {domain}, the part of the game {users} "
            "talk about online.",
            "{team} keeps our {domain} fair, fast and fun, season after season.",
            "The {team} team gives our designers tools that turn a week of iteration into an "
            "afternoon.",
        ),
        family_affinity={"games": 14.0, "mobile": 1.5, "reliability": 1.2, "quality": 1.4},
    ),
    "logistics": IndustryText(
        name_words=("Logistics", "Freight", "Fleet", "Routing", "Cargo", "Transit", "Dispatch"),
        products=(
            Product(
                "builds a transport management system for mid-sized freight forwarders",
                "transport management system",
            ),
            Product("plans delivery routes for courier fleets in real time", "routing engine"),
            Product(
                "runs a digital freight marketplace that matches loads with carriers",
                "freight marketplace",
            ),
            Product(
                "makes warehouse software that tells every picker where to go next",
                "warehouse system",
            ),
            Product(
                "tracks containers door to door across sea, rail and road",
                "shipment tracking platform",
            ),
            Product(
                "helps online shops offer next-day delivery without owning a warehouse",
                "fulfilment network",
            ),
        ),
        users=("dispatchers", "carriers", "shippers", "warehouse teams"),
        domains=(
            "shipments",
            "delivery routes",
            "warehouse orders",
            "truck loads",
            "tracking events",
            "delivery slots",
        ),
        teams=(
            "Routing",
            "Dispatch",
            "Warehouse",
            "Visibility",
            "Carrier Network",
            "Pricing",
            "Driver App",
            "Planning",
        ),
        missions=(
            "The {team} team solves a hard optimisation problem thousands of times a day: "
            "which truck, which route, which slot.",
            "{team} gives {users} a live picture of {domain}, so surprises become rare.",
            "The {team} team builds software that works in a loading bay with a weak signal and "
            "gloves on.",
            "{team} turns messy data from hundreds of partners into {domain} that people can "
            "trust.",
            "The {team} team shaves minutes off every delivery, and minutes add up fast.",
        ),
        family_affinity={"backend": 1.2, "mobile": 1.4, "data-science": 1.3, "embedded": 1.5},
    ),
    "climate": IndustryText(
        name_words=("Energy", "Climate", "Grid", "Carbon", "Solar", "Power", "Renewables"),
        products=(
            Product(
                "builds software that balances home batteries against the power grid",
                "grid balancing platform",
            ),
            Product(
                "measures and reports the carbon footprint of supply chains",
                "carbon accounting platform",
            ),
            Product("runs a marketplace for verified carbon removal", "carbon removal marketplace"),
            Product("helps utilities forecast solar and wind output", "forecasting service"),
            Product(
                "makes smart charging software for electric vehicle fleets",
                "smart charging platform",
            ),
            Product(
                "monitors heat pumps and tells installers about faults before owners notice",
                "heat pump monitoring service",
            ),
        ),
        users=("households", "energy traders", "sustainability teams", "fleet operators"),
        domains=(
            "meter readings",
            "charging sessions",
            "emissions reports",
            "grid forecasts",
            "device telemetry",
            "energy trades",
        ),
        teams=(
            "Forecasting",
            "Device Platform",
            "Energy Trading",
            "Emissions Data",
            "Charging",
            "Field Operations",
            "Optimisation",
            "Home Energy",
        ),
        missions=(
            "The {team} team turns {domain} into decisions that cut emissions without anyone "
            "having to change their routine.",
            "{team} connects hundreds of thousands of devices and keeps them talking, whatever "
            "the weather.",
            "The {team} team builds the models and services that decide when to charge, store "
            "and sell energy.",
            "{team} makes climate data precise enough that auditors sign off on it.",
            "The {team} team works on problems where a good algorithm is measured in tonnes of "
            "carbon.",
        ),
        family_affinity={"data": 1.3, "data-science": 1.4, "embedded": 2.0, "ml": 1.2},
    ),
    "security": IndustryText(
        name_words=("Security", "Shield", "Guard", "Defense", "Identity", "Trust", "Sentinel"),
        products=(
            Product(
                "detects intrusions across cloud accounts in real time", "cloud detection platform"
            ),
            Product(
                "builds passwordless identity for workforce and customer logins",
                "identity platform",
            ),
            Product(
                "scans code and dependencies for vulnerabilities before they ship",
                "code security product",
            ),
            Product(
                "runs a managed detection and response service for mid-sized companies",
                "detection and response service",
            ),
            Product(
                "makes secrets management simple for engineering teams",
                "secrets management product",
            ),
            Product(
                "helps companies pass security audits without a spreadsheet in sight",
                "compliance automation platform",
            ),
        ),
        users=("security teams", "IT administrators", "developers", "auditors"),
        domains=(
            "security alerts",
            "login attempts",
            "vulnerability findings",
            "audit events",
            "access policies",
            "threat signals",
        ),
        teams=(
            "Detection",
            "Identity",
            "Threat Research",
            "Policy Engine",
            "Agents",
            "Compliance",
            "Response",
            "Platform Security",
        ),
        missions=(
            "The {team} team sifts billions of events a day for the handful of {domain} that "
            "matter.",
            "{team} builds protection that {users} barely notice, until the day it stops an "
            "attack.",
            "The {team} team keeps false positives low, because every wasted alert costs "
            "{users} trust.",
            "{team} turns the latest attack techniques into detections our customers get within "
            "hours.",
            "The {team} team makes the secure way the easy way for {users}.",
        ),
        family_affinity={"security": 4.5, "backend": 1.2, "reliability": 1.2},
    ),
    "media": IndustryText(
        name_words=("Media", "Studio", "Audio", "Stream", "Press", "Broadcast", "Pictures"),
        products=(
            Product("runs a podcast hosting and analytics platform", "podcast platform"),
            Product(
                "streams independent films to subscribers in sixty countries", "streaming service"
            ),
            Product(
                "publishes a reader-funded news site with a large newsletter audience",
                "news platform",
            ),
            Product("builds a collaborative video editor for marketing teams", "video editor"),
            Product(
                "makes a music distribution service for independent artists",
                "music distribution service",
            ),
            Product("gives newsrooms a modern publishing system", "publishing system"),
        ),
        users=("listeners", "subscribers", "readers", "creators"),
        domains=(
            "video streams",
            "articles",
            "podcast episodes",
            "playback sessions",
            "recommendations",
            "subscriptions",
        ),
        teams=(
            "Playback",
            "Publishing",
            "Recommendations",
            "Creator Tools",
            "Subscriptions",
            "Apps",
            "Media Pipeline",
            "Audience",
        ),
        missions=(
            "The {team} team makes sure {domain} start instantly on any device, on any network.",
            "{team} builds the tools {users} use to publish their work and reach their audience.",
            "The {team} team helps {users} discover something they love in the first thirty "
            "seconds.",
            "{team} turns a big back catalogue into {domain} that feel personal.",
            "The {team} team owns the pipeline every upload goes through, from raw file to "
            "global delivery.",
        ),
        family_affinity={"frontend": 1.3, "mobile": 1.5, "data-science": 1.2, "ml": 1.2},
    ),
    "edtech": IndustryText(
        name_words=("Learning", "Academy", "Education", "Tutor", "Classroom", "Skills", "School"),
        products=(
            Product("builds a learning platform used by secondary schools", "learning platform"),
            Product(
                "matches students with tutors for live one-to-one lessons", "tutoring marketplace"
            ),
            Product(
                "makes a language-learning app built around real conversations", "language app"
            ),
            Product(
                "offers coding bootcamps online with mentors from industry", "bootcamp platform"
            ),
            Product("helps universities run exams online fairly", "assessment platform"),
            Product("builds upskilling software for large companies", "upskilling product"),
        ),
        users=("students", "teachers", "learners", "tutors"),
        domains=(
            "lessons",
            "assignments",
            "course enrolments",
            "quiz attempts",
            "progress reports",
            "live classes",
        ),
        teams=(
            "Classroom",
            "Learner Experience",
            "Content Tools",
            "Assessment",
            "Tutoring",
            "Progress",
            "Mobile Learning",
            "Enterprise",
        ),
        missions=(
            "The {team} team builds the tools {users} use every school day, so they have to "
            "work on a ten-year-old laptop.",
            "{team} helps {users} see progress and keep going when motivation dips.",
            "The {team} team turns {domain} into feedback that arrives while it still helps.",
            "{team} works closely with teachers, who tell the team exactly what does not work.",
            "The {team} team makes {domain} feel less like homework and more like progress.",
        ),
        family_affinity={"fullstack": 1.3, "frontend": 1.2, "mobile": 1.2, "quality": 1.1},
    ),
    "travel": IndustryText(
        name_words=("Travel", "Trips", "Journeys", "Voyages", "Stays", "Routes"),
        products=(
            Product("runs a booking platform for boutique hotels", "booking platform"),
            Product(
                "builds travel management software for mid-sized companies",
                "business travel product",
            ),
            Product("sells multi-modal train and bus tickets across Europe", "ticketing platform"),
            Product("helps tour operators sell experiences online", "experiences marketplace"),
            Product(
                "makes a trip-planning app that keeps itineraries in one place", "trip-planning app"
            ),
        ),
        users=("travellers", "hotel owners", "travel managers", "tour operators"),
        domains=(
            "bookings",
            "fare searches",
            "itineraries",
            "availability updates",
            "cancellations",
            "tickets",
        ),
        teams=(
            "Search",
            "Booking",
            "Supply",
            "Pricing",
            "Traveller Experience",
            "Partner API",
            "Payments",
            "Mobile",
        ),
        missions=(
            "The {team} team answers millions of fare searches a day and keeps the answers honest.",
            "{team} connects us to thousands of partners, each with their own idea of what an "
            "API is.",
            "The {team} team makes changing plans painless for {users}, even at two in the "
            "morning in an airport.",
            "{team} owns {domain} from the first search to the trip home.",
            "The {team} team turns a fragmented industry into one calm experience for {users}.",
        ),
        family_affinity={"backend": 1.2, "frontend": 1.2, "mobile": 1.3, "data-science": 1.2},
    ),
    "hr tech": IndustryText(
        name_words=("People", "Talent", "Works", "Team", "Hire", "Crew"),
        products=(
            Product(
                "builds an applicant tracking system for growing companies",
                "applicant tracking system",
            ),
            Product(
                "runs payroll and benefits for companies with ten to a thousand people",
                "payroll product",
            ),
            Product(
                "makes shift scheduling software for restaurants and retailers", "scheduling app"
            ),
            Product(
                "helps companies run fair, structured performance reviews",
                "performance review product",
            ),
            Product(
                "lets companies hire and pay people in other countries compliantly",
                "employer-of-record platform",
            ),
        ),
        users=("HR teams", "hiring managers", "employees", "shift workers"),
        domains=(
            "payroll runs",
            "job applications",
            "shift schedules",
            "time-off requests",
            "employee records",
            "contracts",
        ),
        teams=(
            "Payroll",
            "Hiring",
            "Scheduling",
            "Employee Experience",
            "Integrations",
            "Compliance",
            "Benefits",
            "Reporting",
        ),
        missions=(
            "The {team} team makes sure {domain} are right the first time, because people's "
            "rent depends on them.",
            "{team} builds tools {users} actually enjoy using, which in this market is rare.",
            "The {team} team turns employment law in a dozen countries into software that just "
            "works.",
            "{team} connects our product to the accounting and identity systems our customers "
            "already use.",
            "The {team} team gives {users} back the hours they used to spend on spreadsheets.",
        ),
        family_affinity={"fullstack": 1.3, "backend": 1.1, "security": 1.2, "quality": 1.2},
    ),
    "mobility": IndustryText(
        name_words=("Mobility", "Motors", "Robotics", "Autonomy", "Rides", "Vehicles"),
        products=(
            Product(
                "builds driver-assistance software for commercial trucks",
                "driver-assistance software",
            ),
            Product(
                "runs an e-bike and scooter sharing service in twelve cities", "sharing service"
            ),
            Product("makes fleet telematics for delivery vans", "telematics platform"),
            Product("develops software for autonomous delivery robots", "robot software"),
            Product("builds the operating system for electric motorcycles", "vehicle software"),
        ),
        users=("riders", "fleet managers", "drivers", "city partners"),
        domains=(
            "vehicle telemetry",
            "trips",
            "sensor streams",
            "firmware updates",
            "maintenance alerts",
            "ride requests",
        ),
        teams=(
            "Vehicle Software",
            "Perception",
            "Fleet Platform",
            "Rider App",
            "Firmware",
            "Simulation",
            "Operations Tools",
            "Connectivity",
        ),
        missions=(
            "The {team} team writes software that runs on hardware moving through real streets, "
            "so it is tested like it.",
            "{team} keeps thousands of vehicles connected and up to date over the air.",
            "The {team} team turns {domain} into a clear picture for {users}.",
            "{team} builds the simulation that lets us test a year of driving in a night.",
            "The {team} team works where code meets motors, sensors and batteries.",
        ),
        family_affinity={"embedded": 3.0, "mobile": 1.4, "ml": 1.4, "quality": 1.3},
    ),
    "insurance": IndustryText(
        name_words=("Insurance", "Mutual", "Assurance", "Cover", "Underwriting", "Risk"),
        products=(
            Product("sells renters and home insurance entirely online", "insurance app"),
            Product(
                "builds claims software that settles simple claims in minutes", "claims platform"
            ),
            Product(
                "offers embedded insurance through partners' checkouts", "embedded insurance API"
            ),
            Product(
                "helps small businesses get liability cover in one afternoon",
                "small-business insurance product",
            ),
            Product("prices car insurance from how people actually drive", "usage-based product"),
        ),
        users=("policyholders", "brokers", "claims handlers", "partners"),
        domains=("policies", "claims", "quotes", "underwriting decisions", "renewals", "payments"),
        teams=(
            "Claims",
            "Underwriting",
            "Quote and Buy",
            "Policy Admin",
            "Partner API",
            "Pricing",
            "Customer Experience",
            "Fraud",
        ),
        missions=(
            "The {team} team turns a forty-question form into a two-minute conversation.",
            "{team} helps {users} get paid quickly when something goes wrong, which is when it "
            "matters most.",
            "The {team} team builds the rules and models behind every one of our {domain}.",
            "{team} connects our products to partners who sell insurance alongside their own.",
            "The {team} team makes {domain} transparent enough that {users} understand them.",
        ),
        family_affinity={"backend": 1.2, "data-science": 1.4, "quality": 1.2},
    ),
    "artificial intelligence": IndustryText(
        name_words=("AI", "Intelligence", "Models", "Cognition", "Neural", "Reasoning"),
        products=(
            Product(
                "builds document understanding for legal and finance teams", "document AI product"
            ),
            Product("trains speech recognition models for contact centres", "speech platform"),
            Product(
                "offers a platform for evaluating and monitoring language models",
                "model evaluation platform",
            ),
            Product(
                "builds coding assistants for enterprise engineering teams", "coding assistant"
            ),
            Product(
                "makes computer vision software for quality inspection in factories",
                "vision inspection product",
            ),
            Product(
                "helps support teams answer questions with retrieval over their own docs",
                "support assistant",
            ),
        ),
        users=("enterprise customers", "analysts", "support agents", "ML teams"),
        domains=(
            "model predictions",
            "training runs",
            "evaluation results",
            "documents",
            "inference requests",
            "labelled datasets",
        ),
        teams=(
            "Applied Research",
            "Inference",
            "Training Platform",
            "Evaluation",
            "Data Engine",
            "Product Engineering",
            "Model Serving",
            "Retrieval",
        ),
        missions=(
            "The {team} team takes models from a promising notebook to something customers rely "
            "on.",
            "{team} keeps {domain} fast and affordable at a scale that surprises people.",
            "The {team} team measures what our models get wrong, so the next version gets it "
            "right.",
            "{team} builds the pipelines that turn raw data into {domain} worth learning from.",
            "The {team} team sits between research and product and speaks both languages.",
        ),
        family_affinity={"ml": 3.0, "data-science": 2.0, "data": 1.5, "infrastructure": 1.2},
    ),
}

SIZE_PHRASES: Mapping[str, tuple[str, ...]] = {
    "1-49": ("a team of about {people} people", "{people} people", "a small team of {people}"),
    "50-99": ("about {people} people", "a team of roughly {people}", "{people} people"),
    "100-499": ("around {people} people", "{people} employees", "a few hundred people"),
    "500-999": ("close to {people} people", "{people} employees", "more than {people} people"),
    "1000-4999": ("more than {people} employees", "{people} people", "over {people} people"),
    "5000-9999": ("more than {people} employees", "{people} people worldwide"),
    "10000+": ("more than {people} employees", "{people} people around the world"),
}

COMPANY_OPENINGS = (
    "{company} {product}.",
    "{company} {product}. The company started in {city} in {year}.",
    "Founded in {city} in {year}, {company} {product}.",
    "{company} {product}, and has done so from {city} since {year}.",
    "At {company}, {people_phrase} work on one idea: software that {users} like using. In "
    "practice that means the company {product}.",
    "{company} {product}. It is used by {users} in dozens of countries.",
)

COMPANY_STAGE_LINES: Mapping[str, tuple[str, ...]] = {
    "startup": (
        "We are {people_phrase}, backed by investors who care about the long game, and "
        "every engineer here shapes the product.",
        "We raised our seed round in {funding_year} and a Series A since, and we are still "
        "small enough that everyone knows everyone.",
        "We are {people_phrase} and growing carefully: each hire changes how the company works.",
        "We are early. The product has paying customers who love it, and a long list of things "
        "they want next.",
        "We are {people_phrase}, default-alive, and deliberately not in a hurry to be big.",
    ),
    "scaleup": (
        "We are {people_phrase}, profitable since {funding_year}, and investing in the "
        "engineering foundations that let us keep growing.",
        "With {people_phrase} across several countries, we are big enough to have real scale "
        "problems and small enough to solve them quickly.",
        "We closed a Series C in {funding_year} and are now {people_phrase}. Engineering is "
        "about a third of the company.",
        "We are {people_phrase}. Our customers range from two-person shops to listed companies.",
        "We have grown to {people_phrase}, and we still ship to production many times a day.",
    ),
    "enterprise": (
        "Today we are {people_phrase}, serving customers on every continent.",
        "With {people_phrase} and a product used by household names, we offer the stability of "
        "a large company with teams that still work like small ones.",
        "We are {people_phrase}, listed on the stock exchange since {funding_year}, and we "
        "still treat engineering as the heart of the business.",
        "We employ {people_phrase}. Our systems handle traffic that would surprise most people.",
        "We are {people_phrase}, with engineering hubs in several countries and a long record "
        "of promoting from within.",
    ),
}

COMPANY_CULTURE_LINES: Mapping[str, tuple[str, ...]] = {
    "remote-first": (
        "We have been remote-first from day one. We write things down, meet in person a few "
        "times a year, and keep meetings for the decisions that need them.",
        "Most of us work from home, spread across many time zones. Written proposals, recorded "
        "demos and generous overlap hours keep us connected.",
        "Remote is not a perk here, it is how the company is built: documentation first, calm "
        "async collaboration, and an annual get-together everyone looks forward to.",
    ),
    "hybrid": (
        "Our {city} office is where teams get together a couple of days a week; the rest of the "
        "time people work wherever they do their best work.",
        "We work hybrid: teams choose their office days together, and everyone has the "
        "equipment to work well from home.",
        "We like being in the same room for planning and pairing, and we like quiet days at home "
        "for deep work. Our hybrid setup gives people both.",
    ),
    "office-first": (
        "We work together in our {city} office most days. We have found that the best ideas "
        "still come out of conversations at a whiteboard.",
        "Our team is based in {city}, and most of the work happens in person: pairing, "
        "design reviews and lunch together.",
        "We are an office-first company with a bright space in {city}, flexible hours and the "
        "occasional day at home when life needs it.",
    ),
}

COMPANY_VALUES_LINES = (
    "We care about sustainable pace, honest feedback and shipping things that last.",
    "We value clear writing, small pull requests and leaving code better than we found it.",
    "We believe good software comes from teams that feel safe to disagree.",
    "We keep a short list of principles: customers first, write it down, own the outcome.",
    "We measure ourselves by what our customers can do that they could not do before.",
    "We hire people who are kind, curious and good at what they do, and then we trust them.",
    "We invest in learning: conference budgets, reading groups and time to explore.",
    "We try to make decisions close to the work, by the people who know the most about it.",
)


@dataclass(frozen=True, slots=True)
class FamilyText:
    """Text for a family of related categories (back end, data, mobile...)."""

    teams: tuple[str, ...]
    intros: tuple[str, ...]
    responsibilities: tuple[str, ...]
    requirements: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    technical_interview: tuple[str, ...]


FAMILIES: Mapping[str, FamilyText] = {
    "backend": FamilyText(
        teams=("Core Services", "API Platform", "Backend Foundations", "Integrations"),
        intros=(
            "We are looking for {a_title} to design, build and run the services behind our "
            "{product_noun}.",
            "As {a_title} on the {team} team, you will own services that handle {domain} for "
            "{users} every day.",
            "Join {company} as {a_title} and help us scale the backend that powers our "
            "{product_noun}.",
            "We need {a_title} who enjoys clean APIs, solid data models and systems that stay "
            "up at 3 a.m.",
            "This {title} role sits on the {team} team, which owns the APIs and data behind "
            "{domain}.",
        ),
        responsibilities=(
            "Design and build APIs that handle {domain} reliably at growing volume",
            "Write well-tested services in {language} and review your teammates' code",
            "Model data carefully and evolve schemas without downtime",
            "Own services end to end: design, build, deploy, monitor and improve",
            "Track down latency problems and fix them at the root",
            "Work with product managers and designers to turn problems into shippable increments",
            "Improve our observability so that incidents are short and rare",
            "Break up a large legacy module into services with clear boundaries",
            "Build the integrations that connect our {product_noun} to partners' systems",
            "Take part in an on-call rotation that is shared fairly and kept quiet",
            "Write design documents and invite critique before writing the code",
            "Make background processing of {domain} idempotent and easy to replay",
            "Help define the API conventions the rest of engineering follows",
            "Use {tool} where it fits and argue against it where it does not",
        ),
        requirements=(
            "You have built and operated web services that real customers depend on",
            "You understand relational databases beyond the ORM: indexes, transactions, "
            "query plans",
            "You think about failure modes: retries, timeouts, idempotency and back pressure",
            "You write tests as a matter of course and know which ones are worth writing",
            "You can explain a technical trade-off to someone who does not write code",
            "You are comfortable reading unfamiliar code and improving it in small steps",
        ),
        nice_to_have=(
            "Experience with event-driven architectures and message queues",
            "You have worked on systems handling {domain} or something similar",
            "Contributions to open-source backend libraries",
            "Experience migrating a monolith without stopping the business",
        ),
        technical_interview=(
            "a pairing session where we build a small API together",
            "a system design conversation about a service that handles {domain}",
            "a code review exercise on a realistic pull request",
            "a take-home exercise (about three hours, paid) followed by a discussion",
        ),
    ),
    "frontend": FamilyText(
        teams=("Web App", "Design System", "Web Platform", "Product Experience"),
        intros=(
            "We are looking for {a_title} who cares about the details users feel but rarely "
            "name: speed, clarity and accessibility.",
            "As {a_title} on the {team} team, you will build the interfaces {users} use to "
            "manage {domain}.",
            "Join {company} as {a_title} and shape how {users} experience our {product_noun}.",
            "We need {a_title} who can take a rough design and turn it into an interface that "
            "feels obvious.",
            "This {title} role is about building a fast, accessible web app in {framework}, with a "
            "design team that loves feedback.",
        ),
        responsibilities=(
            "Build accessible, responsive interfaces in {framework}",
            "Work with designers from the first sketch, not just the final handoff",
            "Grow and maintain our component library and design system",
            "Keep the app fast: measure Core Web Vitals and fix what they reveal",
            "Write component and end-to-end tests that catch real regressions",
            "Make complex flows around {domain} simple for {users}",
            "Improve state management and data fetching so screens load once and stay fresh",
            "Pair with backend engineers on API shapes that suit the interface",
            "Review pull requests with an eye for usability as well as code quality",
            "Make sure everything we ship works with a keyboard and a screen reader",
            "Run experiments and use the results to decide what to build next",
            "Reduce bundle size and remove code nobody uses any more",
            "Write {language} that the next person can read without a guide",
        ),
        requirements=(
            "You know HTML, CSS and JavaScript deeply, not only through a framework",
            "You have shipped interfaces that real users rely on and improved them from feedback",
            "You care about accessibility and know how to test for it",
            "You can reason about browser performance and rendering",
            "You communicate well with designers and product managers",
            "You write maintainable components and know when not to abstract",
        ),
        nice_to_have=(
            "Experience building or maintaining a design system",
            "An eye for visual design and motion",
            "Experience with server-side rendering and edge caching",
            "You have contributed to accessibility audits or remediation work",
        ),
        technical_interview=(
            "a pairing session where we build a small interface from a design",
            "a conversation about a component you are proud of and one you would rewrite",
            "a take-home exercise (about three hours, paid) and a review together",
            "an accessibility and performance review of a page we prepare",
        ),
    ),
    "fullstack": FamilyText(
        teams=("Product Engineering", "Growth", "Core Product", "Customer Experience"),
        intros=(
            "We are looking for {a_title} who is happy anywhere in the stack, from database "
            "migrations to pixel-level polish.",
            "As {a_title} on the {team} team, you will ship whole features for {users}, from "
            "the API to the interface.",
            "Join {company} as {a_title} and own product features end to end.",
            "We need {a_title} who likes to talk to customers and turn what they say into "
            "working software.",
            "This {title} role suits someone who would rather ship a small thing today than a "
            "perfect thing next quarter.",
        ),
        responsibilities=(
            "Ship complete features across the stack, from schema to interface",
            "Build product features in {language} and {framework}",
            "Talk to {users} to understand the problem before proposing a solution",
            "Write tests at the level that gives the most confidence for the least effort",
            "Keep an eye on performance across the database, the API and the browser",
            "Improve the developer experience of our codebase for everyone who works in it",
            "Help prioritise the roadmap with product and design",
            "Instrument features so we know whether they work for {users}",
            "Simplify flows around {domain} that have grown complicated over time",
            "Pick up support escalations and fix the root cause, not just the symptom",
            "Contribute to technical decisions and write them down",
            "Mentor teammates through code review and pairing",
        ),
        requirements=(
            "You have shipped full-stack features that customers use",
            "You are comfortable with a relational database, a backend framework and a modern "
            "frontend framework",
            "You make pragmatic trade-offs and explain them clearly",
            "You care about the product, not just the code",
            "You work well with designers, product managers and support",
            "You keep things simple and delete code happily",
        ),
        nice_to_have=(
            "Experience at an early-stage company",
            "You have built billing, permissions or other unglamorous but crucial features",
            "Experience with analytics and experimentation",
            "A side project you have kept running for more than a year",
        ),
        technical_interview=(
            "a pairing session where we add a small feature to a sample app",
            "a take-home exercise (about three hours, paid) and a review together",
            "a product conversation about a feature you would build for {users}",
            "a walk-through of a project you built, front to back",
        ),
    ),
    "mobile": FamilyText(
        teams=("Mobile", "Apps", "Mobile Platform", "Consumer App"),
        intros=(
            "We are looking for {a_title} to build the app {users} open several times a day.",
            "As {a_title} on the {team} team, you will craft a fast, reliable app experience "
            "for {users}.",
            "Join {company} as {a_title} and help us make our app the best way to use our "
            "{product_noun}.",
            "We need {a_title} who sweats the details: launch time, animations, offline "
            "behaviour and crash-free sessions.",
            "This {title} role focuses on building the app in {skill} and keeping it "
            "delightful release after release.",
        ),
        responsibilities=(
            "Build features in {skill} with clean architecture and good test coverage",
            "Keep launch time low and crash-free sessions high",
            "Make the app work well offline and on poor connections",
            "Work with designers on interactions and animations that feel native",
            "Own the release process, including staged rollouts and feature flags",
            "Collaborate with backend engineers on APIs that suit mobile clients",
            "Improve accessibility across the app",
            "Modernise older screens without disrupting users",
            "Monitor app performance and act on what you find",
            "Help keep our build times short and our CI reliable",
            "Build the flows {users} use to manage {domain}",
            "Keep our {framework} code modern as the platform evolves",
        ),
        requirements=(
            "You have shipped apps to the store and supported them after release",
            "You understand platform guidelines and when to follow them strictly",
            "You care about performance, memory and battery use",
            "You write testable code and maintain a healthy test suite",
            "You can work across the product, from API design to store listing",
            "You communicate clearly with design and product",
        ),
        nice_to_have=(
            "Experience with modular app architectures",
            "Experience with mobile CI/CD and automated releases",
            "You have worked on an app with more than a million users",
            "Experience with in-app purchases or subscriptions",
        ),
        technical_interview=(
            "a pairing session where we build a small screen together",
            "a conversation about app architecture and trade-offs you have made",
            "a take-home exercise (about three hours, paid) and a review together",
            "a code review of a realistic mobile pull request",
        ),
    ),
    "infrastructure": FamilyText(
        teams=("Platform", "Infrastructure", "Developer Platform", "Cloud Foundations"),
        intros=(
            "We are looking for {a_title} to build the platform our engineers deploy to every day.",
            "As {a_title} on the {team} team, you will make infrastructure boring, in the best "
            "sense.",
            "Join {company} as {a_title} and help our teams ship faster and sleep better.",
            "We need {a_title} who treats infrastructure as a product and engineers as its "
            "customers.",
            "This {title} role owns our infrastructure on {cloud}, run with {tool}.",
        ),
        responsibilities=(
            "Build and run our infrastructure as code, reviewed like application code",
            "Provide golden paths that let product teams deploy safely without tickets",
            "Run and upgrade our container platform with minimal disruption",
            "Improve our CI/CD pipelines so builds are fast and reliable",
            "Keep cloud costs in check with good visibility and sensible defaults",
            "Harden our infrastructure together with the security team",
            "Automate the toil that currently lands on people's desks",
            "Improve monitoring, alerting and dashboards for the services you support",
            "Plan capacity for growth and for our busiest days",
            "Write clear runbooks and documentation that others actually use",
            "Take part in incident response and lead blameless reviews",
            "Evaluate new tools such as {nice} and adopt them when they earn their place",
            "Run our {cloud} accounts with sensible guardrails and clear ownership",
            "Package and ship services with {tool} in a way every team can follow",
        ),
        requirements=(
            "You have run production infrastructure in a public cloud",
            "You write infrastructure as code and review it like application code",
            "You are fluent with Linux, networking basics and containers",
            "You can script or program your way out of repetitive work",
            "You stay calm in incidents and curious afterwards",
            "You enjoy helping other engineers succeed",
        ),
        nice_to_have=(
            "Experience building an internal developer platform",
            "Experience with multi-region or multi-cloud setups",
            "Knowledge of service meshes or eBPF-based networking",
            "Experience with FinOps practices",
        ),
        technical_interview=(
            "a troubleshooting session on a broken environment we prepare",
            "a system design conversation about a deployment platform",
            "a review of an infrastructure-as-code change with deliberate problems in it",
            "a conversation about an incident you helped resolve",
        ),
    ),
    "reliability": FamilyText(
        teams=("Site Reliability", "Production Engineering", "Reliability", "Observability"),
        intros=(
            "We are looking for {a_title} to keep our {product_noun} fast and available as it "
            "grows.",
            "As {a_title} on the {team} team, you will define what reliable means for us and "
            "then make it true.",
            "Join {company} as {a_title} and help us turn incidents into lasting improvements.",
            "We need {a_title} who can read a flame graph, a query plan and a room during an "
            "outage.",
            "This {title} role blends software engineering with operations, with {tool} at its "
            "heart.",
        ),
        responsibilities=(
            "Define service level objectives with product teams and track error budgets",
            "Build observability that makes problems obvious: metrics, logs and traces",
            "Lead incident response and run blameless post-incident reviews",
            "Eliminate toil through automation written in {language}",
            "Load-test critical paths and plan for our busiest days",
            "Improve deployment safety with canaries, progressive delivery and fast rollback",
            "Work with service owners to fix the reliability risks that matter most",
            "Build chaos experiments that teach us something",
            "Tune the systems that handle {domain} for latency and cost",
            "Improve on-call for everyone: fewer pages, better runbooks, fair rotations",
            "Review designs for reliability before they ship",
        ),
        requirements=(
            "You have operated large production systems and carried a pager for them",
            "You know how to debug across layers: application, runtime, OS and network",
            "You write production-quality code, not just scripts",
            "You understand SLOs, error budgets and how to use them in decisions",
            "You communicate calmly and clearly during incidents",
            "You care about making on-call humane",
        ),
        nice_to_have=(
            "Experience with distributed tracing at scale",
            "Experience with capacity planning and performance engineering",
            "You have run game days or chaos engineering programmes",
            "Experience with databases under heavy load",
        ),
        technical_interview=(
            "a live debugging session on a misbehaving service",
            "a conversation about an outage you handled and what changed afterwards",
            "a system design discussion focused on failure modes",
            "a practical exercise defining SLOs for a real service",
        ),
    ),
    "data": FamilyText(
        teams=("Data Platform", "Analytics Engineering", "Data Infrastructure", "Data Products"),
        intros=(
            "We are looking for {a_title} to build the pipelines and models that the rest of "
            "the company makes decisions with.",
            "As {a_title} on the {team} team, you will turn raw {domain} into data people trust.",
            "Join {company} as {a_title} and help us build a data platform that scales with us.",
            "We need {a_title} who loves well-modelled data and pipelines that fail loudly.",
            "This {title} role owns batch and streaming pipelines built with {framework} and "
            "{database}.",
        ),
        responsibilities=(
            "Build and maintain batch and streaming pipelines with {framework}",
            "Model data for analytics and product use, with clear ownership and documentation",
            "Improve data quality with tests, contracts and monitoring",
            "Work with analysts and scientists to understand what they need and why",
            "Optimise warehouse costs and query performance",
            "Make {domain} available in near real time to the teams that need them",
            "Help teams publish data products others can depend on",
            "Manage schema changes without breaking downstream consumers",
            "Contribute to our data governance and privacy practices",
            "Automate backfills and make reruns safe",
            "Choose and introduce tools such as {nice} where they make a difference",
        ),
        requirements=(
            "You write SQL fluently and understand how warehouses execute it",
            "You have built production pipelines and kept them running",
            "You program well in at least one general-purpose language",
            "You care about data quality, lineage and documentation",
            "You explain data issues clearly to non-technical colleagues",
            "You are comfortable with orchestration and scheduling tools",
        ),
        nice_to_have=(
            "Experience with change data capture and event streaming",
            "Experience with a lakehouse architecture",
            "You have worked with privacy regulations such as GDPR",
            "Experience with data contracts",
        ),
        technical_interview=(
            "a SQL and data-modelling exercise on a realistic dataset",
            "a pipeline design conversation for {domain}",
            "a take-home exercise (about three hours, paid) and a review together",
            "a debugging session on a pipeline that produces the wrong numbers",
        ),
    ),
    "ml": FamilyText(
        teams=("Machine Learning", "ML Platform", "Applied ML", "Model Serving"),
        intros=(
            "We are looking for {a_title} to take models from experiments to production and "
            "keep them healthy there.",
            "As {a_title} on the {team} team, you will build machine learning systems that "
            "improve how we handle {domain}.",
            "Join {company} as {a_title} and help put machine learning at the core of our "
            "{product_noun}.",
            "We need {a_title} who is equally comfortable with a training loop and a "
            "production incident.",
            "This {title} role focuses on training, serving and monitoring models built with "
            "{framework}.",
        ),
        responsibilities=(
            "Train, evaluate and ship models with {framework}",
            "Build feature pipelines and keep training and serving consistent",
            "Serve models at low latency and sensible cost",
            "Monitor models in production for drift and degradation",
            "Design offline evaluations that predict online results",
            "Run experiments and A/B tests to measure real impact for {users}",
            "Work with product teams to find where machine learning actually helps",
            "Build tooling that makes the next model faster to ship",
            "Apply {practice} to problems around {domain}",
            "Read papers, try ideas quickly and drop the ones that do not pan out",
            "Document models, data and decisions for the people who come after you",
        ),
        requirements=(
            "You have shipped machine learning models to production",
            "You write clean, tested code and care about reproducibility",
            "You understand the maths behind the models you use",
            "You know how to evaluate models honestly and spot leakage",
            "You can explain model behaviour to non-specialists",
            "You are pragmatic: a simple baseline that ships beats a clever model that does not",
        ),
        nice_to_have=(
            "Experience with large language models and retrieval",
            "Experience with GPU training and inference optimisation",
            "Publications or open-source work in machine learning",
            "Experience with feature stores or model registries",
        ),
        technical_interview=(
            "a machine learning system design conversation about {domain}",
            "a practical exercise on a small dataset, with a discussion of your choices",
            "a deep dive into a model you shipped and what you learned",
            "a coding session focused on data handling and model evaluation",
        ),
    ),
    "data-science": FamilyText(
        teams=("Data Science", "Decision Science", "Insights", "Experimentation"),
        intros=(
            "We are looking for {a_title} to help us understand {users} and decide what to "
            "build next.",
            "As {a_title} on the {team} team, you will turn questions about {domain} into "
            "answers the company acts on.",
            "Join {company} as {a_title} and bring rigour to decisions big and small.",
            "We need {a_title} who can design an experiment, build a model and tell the story "
            "behind the numbers.",
            "This {title} role mixes analysis, modelling and experimentation, mostly in "
            "{language}.",
        ),
        responsibilities=(
            "Design and analyse experiments, and help teams read them correctly",
            "Build predictive models for {domain} in {language}",
            "Define metrics that reflect what {users} actually value",
            "Answer open-ended questions with clear, well-reasoned analysis",
            "Present findings to leadership and product teams",
            "Build dashboards that people keep using after the first week",
            "Work with data engineers on the data you need",
            "Forecast demand and growth for planning",
            "Use {framework} for analyses that go beyond the dashboard",
            "Raise the bar for statistical thinking across the company",
        ),
        requirements=(
            "You have a solid grounding in statistics and experimental design",
            "You write SQL and code in Python or R for analysis",
            "You communicate results clearly, including their uncertainty",
            "You have influenced product or business decisions with data",
            "You are curious and sceptical in equal measure",
            "You can prioritise among many interesting questions",
        ),
        nice_to_have=(
            "Experience with causal inference methods",
            "Experience with Bayesian modelling",
            "Familiarity with {domain} or a similar domain",
            "Experience mentoring analysts",
        ),
        technical_interview=(
            "a case study about an experiment with a surprising result",
            "an analysis exercise on a realistic dataset, then a discussion",
            "a conversation about a model or analysis that changed a decision",
            "a statistics conversation grounded in practical examples",
        ),
    ),
    "security": FamilyText(
        teams=("Security", "Product Security", "Security Engineering", "Detection and Response"),
        intros=(
            "We are looking for {a_title} to keep our {product_noun} and our customers' data safe.",
            "As {a_title} on the {team} team, you will make the secure way the easy way for "
            "every engineer here.",
            "Join {company} as {a_title} and build security into how we work, not onto it.",
            "We need {a_title} who can think like an attacker and build like an engineer.",
            "This {title} role covers threat modelling, secure design reviews and tooling, "
            "with a focus on {practice}.",
        ),
        responsibilities=(
            "Threat-model new features with product teams before they ship",
            "Build security tooling and guardrails into our development pipeline",
            "Review code and designs for security issues and help fix them",
            "Run and improve our vulnerability management programme",
            "Respond to security incidents and lead the follow-up",
            "Harden our cloud infrastructure and identity setup",
            "Work with our bug bounty researchers and triage their reports",
            "Teach engineers about secure coding through practical sessions",
            "Automate detection for threats to {domain}",
            "Support audits and customer security reviews with clear evidence",
            "Evaluate tools such as {nice} and integrate the ones that help",
        ),
        requirements=(
            "You have hands-on experience finding and fixing security vulnerabilities",
            "You can read and write code well enough to review and fix it",
            "You know common web and cloud attack techniques and defences",
            "You explain risk in terms the business understands",
            "You prefer guardrails over gates",
            "You stay current with the security community",
        ),
        nice_to_have=(
            "Security certifications such as OSCP",
            "Experience running a bug bounty programme",
            "Experience with compliance frameworks such as SOC 2 or ISO 27001",
            "Published research, CVEs or conference talks",
        ),
        technical_interview=(
            "a secure code review of a realistic pull request",
            "a threat-modelling session for a feature that handles {domain}",
            "an incident response scenario worked through together",
            "a conversation about a vulnerability you found or fixed",
        ),
    ),
    "quality": FamilyText(
        teams=(
            "Quality Engineering",
            "Test Automation",
            "Release Quality",
            "Developer Productivity",
        ),
        intros=(
            "We are looking for {a_title} to help us ship quickly without breaking things.",
            "As {a_title} on the {team} team, you will build the test automation that gives our "
            "engineers confidence.",
            "Join {company} as {a_title} and make quality everyone's habit.",
            "We need {a_title} who enjoys finding the edge case nobody thought about and "
            "automating it forever.",
            "This {title} role builds and maintains our automated tests with {framework}.",
        ),
        responsibilities=(
            "Build and maintain automated end-to-end and API tests with {framework}",
            "Make the test suite fast and reliable, and hunt down flaky tests",
            "Work with developers to test at the right level of the pyramid",
            "Design test strategies for new features around {domain}",
            "Integrate tests into CI so that feedback arrives within minutes",
            "Run exploratory testing sessions on risky changes",
            "Track quality metrics and make them visible",
            "Improve test data management and environments",
            "Coach engineers on writing better tests",
            "Evaluate tools such as {nice} and roll them out where they help",
        ),
        requirements=(
            "You have built test automation frameworks used by a team",
            "You program well in at least one language",
            "You understand CI/CD and how tests fit into it",
            "You have a sharp eye for edge cases",
            "You collaborate well with developers and product managers",
            "You care about fast feedback more than test counts",
        ),
        nice_to_have=(
            "Experience with performance or load testing",
            "Experience with contract testing",
            "Experience testing mobile apps",
            "Knowledge of accessibility testing",
        ),
        technical_interview=(
            "a pairing session where we automate tests for a small app",
            "a test strategy conversation for a feature that handles {domain}",
            "a review of a flaky test suite and how you would fix it",
            "a take-home exercise (about three hours, paid) and a review together",
        ),
    ),
    "embedded": FamilyText(
        teams=("Firmware", "Embedded Systems", "Device Software", "Hardware Integration"),
        intros=(
            "We are looking for {a_title} to write the software that runs on our devices.",
            "As {a_title} on the {team} team, you will work where software meets hardware.",
            "Join {company} as {a_title} and build firmware that is small, fast and dependable.",
            "We need {a_title} who is at home with a datasheet, a debugger and an oscilloscope.",
            "This {title} role writes low-level code in {language} for devices in the field.",
        ),
        responsibilities=(
            "Write and maintain firmware in {language} for resource-constrained devices",
            "Bring up new hardware together with the electronics team",
            "Write drivers for sensors and communication peripherals",
            "Build reliable over-the-air update mechanisms",
            "Optimise for power consumption, memory and timing",
            "Debug problems in the lab and in the field",
            "Build hardware-in-the-loop tests and keep them green",
            "Work with the cloud team on device protocols for {domain}",
            "Review schematics from a software perspective",
            "Use {tool} to keep builds reproducible",
        ),
        requirements=(
            "You have shipped firmware on microcontrollers or embedded Linux",
            "You are fluent in C or C++ and comfortable reading assembly when needed",
            "You understand interrupts, DMA, memory maps and real-time constraints",
            "You can use lab equipment to debug",
            "You write tests for embedded code",
            "You communicate well with hardware engineers",
        ),
        nice_to_have=(
            "Experience with an RTOS",
            "Experience with wireless protocols such as BLE or LTE-M",
            "Experience with functional safety standards",
            "Experience with secure boot",
        ),
        technical_interview=(
            "a practical debugging exercise with a development board",
            "a design conversation about firmware for a battery-powered device",
            "a code review of a driver with subtle bugs",
            "a conversation about a hard hardware bug you tracked down",
        ),
    ),
    "games": FamilyText(
        teams=("Gameplay", "Engine", "Online", "Tools"),
        intros=(
            "We are looking for {a_title} to bring our next game to life.",
            "As {a_title} on the {team} team, you will build systems that {users} feel in "
            "every match.",
            "Join {company} as {a_title} and work with designers and artists who care as much "
            "as you do.",
            "We need {a_title} who loves making games feel good and run fast.",
            "This {title} role works in {skill} on gameplay, tools and performance.",
        ),
        responsibilities=(
            "Build gameplay systems in {skill} together with designers",
            "Profile and optimise performance on every platform we ship on",
            "Build tools that let designers and artists iterate faster",
            "Work on networking and replication for multiplayer {domain}",
            "Fix bugs across the codebase, including the weird ones",
            "Prototype new mechanics quickly and throw away what is not fun",
            "Maintain and extend our engine and build pipeline",
            "Support live operations after launch",
            "Drop down to {language} when performance demands it",
            "Collaborate with QA on test plans and automation",
        ),
        requirements=(
            "You have shipped a game, professionally or independently",
            "You write efficient code and understand hardware constraints",
            "You know your way around a modern game engine",
            "You understand game loops, physics and rendering basics",
            "You communicate well with designers and artists",
            "You play games and think critically about them",
        ),
        nice_to_have=(
            "Experience with console development",
            "Experience with multiplayer networking",
            "Experience with shaders and graphics programming",
            "Experience with live-service games",
        ),
        technical_interview=(
            "a practical gameplay programming exercise",
            "a conversation about a game system you built",
            "a performance optimisation exercise",
            "a take-home prototype (about three hours, paid) and a review together",
        ),
    ),
    "database": FamilyText(
        teams=("Database Engineering", "Storage", "Data Reliability", "Persistence"),
        intros=(
            "We are looking for {a_title} to keep our databases fast, safe and boring.",
            "As {a_title} on the {team} team, you will own the databases that store {domain}.",
            "Join {company} as {a_title} and help us scale our data layer.",
            "We need {a_title} who can read a query plan at a glance and plan a migration in "
            "detail.",
            "This {title} role focuses on {database} at scale: performance, availability and "
            "recovery.",
        ),
        responsibilities=(
            "Operate and tune {database} clusters in production",
            "Plan and run major version upgrades and migrations without downtime",
            "Build automation for backups, restores and failover, and test them regularly",
            "Help engineers design schemas and queries that scale",
            "Monitor performance and capacity and act before problems arrive",
            "Lead database incident response",
            "Evaluate new technology such as {nice} with a healthy dose of scepticism",
            "Improve our tooling for safe schema changes",
            "Document standards and share knowledge with product teams",
            "Keep data secure and compliant",
        ),
        requirements=(
            "You have operated relational databases at scale in production",
            "You know replication, partitioning and indexing deeply",
            "You automate operational work with code",
            "You have handled database incidents calmly",
            "You can teach others to write better queries",
            "You understand backup and recovery in practice, not just theory",
        ),
        nice_to_have=(
            "Experience with distributed SQL databases",
            "Contributions to database open-source projects",
            "Experience with change data capture",
            "Experience with multi-region databases",
        ),
        technical_interview=(
            "a query optimisation exercise",
            "a conversation about a database migration you led",
            "an incident scenario involving replication lag",
            "a design conversation about storing {domain}",
        ),
    ),
    "architecture": FamilyText(
        teams=("Architecture", "Engineering Excellence", "Technical Strategy", "Core Platform"),
        intros=(
            "We are looking for {a_title} to shape the technical direction of our {product_noun}.",
            "As {a_title}, you will work across teams to make our systems simpler and more "
            "coherent.",
            "Join {company} as {a_title} and help engineering make big decisions well.",
            "We need {a_title} who can zoom from a company-wide strategy to a single pull "
            "request and back.",
            "This {title} role leads technical direction across several teams, with deep "
            "roots in {skill}.",
        ),
        responsibilities=(
            "Set technical direction across teams and write it down clearly",
            "Lead the design of our most important systems",
            "Review designs and help teams make good trade-offs",
            "Identify technical risks early and address them",
            "Mentor senior engineers and grow technical leaders",
            "Work with product and engineering leadership on long-term plans",
            "Simplify the architecture around {domain}",
            "Build consensus on standards, then help teams adopt them",
            "Stay hands-on with prototypes and critical code",
            "Evaluate technologies such as {nice} for the long run",
            "Lead the response to our most complex incidents and the fixes that follow",
            "Untangle the dependencies between the services behind {domain}",
            "Define how we version, deprecate and retire internal APIs",
            "Pair with engineers on the hardest parts of big projects",
            "Write and maintain our architecture decision records",
            "Spot duplication across teams and turn it into shared platforms",
            "Plan the migration away from systems that hold {users} back",
        ),
        requirements=(
            "You have led the architecture of large systems in production",
            "You influence without authority and build trust across teams",
            "You write excellent design documents",
            "You balance long-term vision with short-term delivery",
            "You stay hands-on enough to keep your judgement sharp",
            "You have mentored engineers into senior roles",
        ),
        nice_to_have=(
            "Experience with large-scale migrations",
            "Experience in a regulated industry",
            "Conference talks or published technical writing",
            "Experience across several technology stacks",
        ),
        technical_interview=(
            "a system design conversation about {domain} at scale",
            "a discussion of an architectural decision you would make differently today",
            "a review of a real design document we share in advance",
            "a conversation with staff engineers about how you lead without authority",
        ),
    ),
    "management": FamilyText(
        teams=("Engineering", "Product Engineering", "Platform", "Core"),
        intros=(
            "We are looking for {a_title} to lead a team of engineers and help them do the best "
            "work of their careers.",
            "As {a_title} for the {team} team, you will grow people, shape the roadmap and "
            "keep delivery healthy.",
            "Join {company} as {a_title} and build a team that ships and learns.",
            "We need {a_title} who cares about people and outcomes in equal measure.",
            "This {title} role leads a team of six to eight engineers working on {domain}.",
        ),
        responsibilities=(
            "Lead, coach and grow a team of engineers through regular one-to-ones",
            "Hire thoughtfully and build an inclusive team",
            "Work with product and design to set priorities and plan delivery",
            "Keep delivery predictable without burning people out",
            "Give clear, kind and honest feedback",
            "Improve how the team works: planning, reviews and retrospectives",
            "Represent your team across the organisation",
            "Handle performance issues fairly and promptly",
            "Stay close enough to the technology to make good calls about {skill}",
            "Help shape engineering culture beyond your team",
        ),
        requirements=(
            "You have managed software engineers and helped them grow",
            "You have a background as a software engineer",
            "You have hired engineers and built teams",
            "You communicate clearly with engineers and stakeholders alike",
            "You handle difficult conversations with care",
            "You care about delivery and about people",
        ),
        nice_to_have=(
            "Experience managing managers",
            "Experience with distributed teams",
            "Experience in a scaling company",
            "Experience with career frameworks",
        ),
        technical_interview=(
            "a conversation about how you grew an engineer on your team",
            "a delivery scenario with shifting priorities",
            "a technical design conversation at the level you would guide a team",
            "a conversation with engineers who would report to you",
        ),
    ),
    "devrel": FamilyText(
        teams=("Developer Relations", "Developer Experience", "Community", "Developer Education"),
        intros=(
            "We are looking for {a_title} to help developers succeed with our {product_noun}.",
            "As {a_title}, you will be the voice of developers inside {company} and our voice "
            "in the community.",
            "Join {company} as {a_title} and teach thousands of developers something new.",
            "We need {a_title} who writes good code and explains it even better.",
            "This {title} role combines engineering, writing and speaking, with a focus on "
            "{skill}.",
        ),
        responsibilities=(
            "Write tutorials, guides and sample apps in {skill}",
            "Speak at conferences and meetups, and run workshops",
            "Gather feedback from developers and turn it into product improvements",
            "Improve our documentation and developer onboarding",
            "Build integrations and examples with {framework}",
            "Engage with our community on forums, Discord and GitHub",
            "Create video content and live streams",
            "Work with product teams on launches",
            "Measure what content actually helps developers",
            "Support open-source contributors",
        ),
        requirements=(
            "You have worked as a software engineer",
            "You write clearly and enjoy teaching",
            "You are comfortable speaking in public",
            "You have built things developers use",
            "You are active in developer communities",
            "You can represent the company with empathy and honesty",
        ),
        nice_to_have=(
            "A portfolio of talks, posts or videos",
            "Experience maintaining open-source projects",
            "Experience running a community programme",
            "Experience with documentation tooling",
        ),
        technical_interview=(
            "a short presentation or workshop on a topic of your choice",
            "a writing exercise: a tutorial for a small feature",
            "a pairing session building a sample app",
            "a conversation about a community you helped grow",
        ),
    ),
    "generalist": FamilyText(
        teams=("Product Engineering", "Core", "Customer Experience", "Foundations"),
        intros=(
            "We are looking for {a_title} who is eager to learn and ready to ship real code "
            "from the first weeks.",
            "As {a_title} on the {team} team, you will work on features that {users} use every "
            "day, with mentors who want you to grow.",
            "Join {company} as {a_title} and start your career on a team that takes learning "
            "seriously.",
            "We need {a_title} who is curious, asks good questions and enjoys building things.",
            "This {title} role is a chance to grow quickly across the stack, starting with "
            "{skill}.",
        ),
        responsibilities=(
            "Build features in {skill} with guidance from senior engineers",
            "Write tests and learn our code review culture from both sides",
            "Fix bugs and learn the codebase along the way",
            "Pair with teammates regularly",
            "Take part in planning and retrospectives",
            "Improve our documentation as you learn",
            "Ship small improvements that make life better for {users}",
            "Learn how we run services in production",
            "Work on features around {domain}",
            "Try {nice} on a real project",
        ),
        requirements=(
            "You have built software, at work, at university or on your own",
            "You know the basics of at least one programming language well",
            "You are eager to learn and open to feedback",
            "You communicate clearly and ask for help when you need it",
            "You are curious about how things work",
            "You enjoy working in a team",
        ),
        nice_to_have=(
            "An internship or first job in software",
            "Open-source contributions",
            "A personal project you can talk about",
            "Familiarity with Git and the command line",
        ),
        technical_interview=(
            "a friendly pairing session on a small problem",
            "a conversation about a project you built",
            "a take-home exercise (about two hours) and a review together",
            "a code reading exercise where we talk through existing code",
        ),
    ),
}

# Category slug -> role family. Unknown slugs fall back to keyword matching, then
# "generalist".
CATEGORY_FAMILIES: Mapping[str, str] = {
    "junior-software-engineer": "generalist",
    "back-end-developer": "backend",
    "senior-back-end-developer": "backend",
    "front-end-developer": "frontend",
    "senior-front-end-developer": "frontend",
    "full-stack-developer": "fullstack",
    "senior-full-stack-developer": "fullstack",
    "ios-developer": "mobile",
    "android-developer": "mobile",
    "cross-platform-mobile-developer": "mobile",
    "devops-engineer": "infrastructure",
    "site-reliability-engineer": "reliability",
    "platform-engineer": "infrastructure",
    "staff-platform-engineer": "infrastructure",
    "cloud-architect": "infrastructure",
    "data-engineer": "data",
    "senior-data-engineer": "data",
    "machine-learning-engineer": "ml",
    "data-scientist": "data-science",
    "mlops-engineer": "ml",
    "security-engineer": "security",
    "application-security-engineer": "security",
    "qa-automation-engineer": "quality",
    "embedded-software-engineer": "embedded",
    "game-developer": "games",
    "database-reliability-engineer": "database",
    "software-architect": "architecture",
    "staff-software-engineer": "architecture",
    "principal-engineer": "architecture",
    "engineering-manager": "management",
    "developer-relations-engineer": "devrel",
}
FAMILY_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("front", "frontend"),
    ("back", "backend"),
    ("full-stack", "fullstack"),
    ("mobile", "mobile"),
    ("ios", "mobile"),
    ("android", "mobile"),
    ("reliability", "reliability"),
    ("devops", "infrastructure"),
    ("platform", "infrastructure"),
    ("cloud", "infrastructure"),
    ("machine-learning", "ml"),
    ("mlops", "ml"),
    ("scien", "data-science"),
    ("data", "data"),
    ("security", "security"),
    ("qa", "quality"),
    ("test", "quality"),
    ("embedded", "embedded"),
    ("firmware", "embedded"),
    ("game", "games"),
    ("database", "database"),
    ("architect", "architecture"),
    ("manager", "management"),
    ("relations", "devrel"),
)

# Requirements and responsibilities written from a job's own skills, by skill kind.
# {skill} is the skill's name, {years} a number of years.
SKILL_REQUIREMENTS_WITH_YEARS: Mapping[str, tuple[str, ...]] = {
    "language": (
        "{years}+ years of professional experience writing {skill}",
        "At least {years} years of production {skill}",
        "{years}+ years with {skill} in a professional setting",
    ),
    "framework": (
        "{years}+ years building with {skill}",
        "At least {years} years of hands-on {skill} experience",
        "{years}+ years shipping production code with {skill}",
    ),
    "database": (
        "{years}+ years running or building on {skill}",
        "At least {years} years of experience with {skill} in production",
    ),
    "cloud": (
        "{years}+ years of hands-on experience with {skill}",
        "At least {years} years building and operating systems on {skill}",
    ),
    "tool": (
        "{years}+ years of day-to-day experience with {skill}",
        "At least {years} years using {skill} in production environments",
    ),
    "practice": (
        "{years}+ years of hands-on experience with {skill}",
        "At least {years} years applying {skill} in practice",
    ),
}
SKILL_REQUIREMENTS: Mapping[str, tuple[str, ...]] = {
    "language": (
        "Strong {skill} skills",
        "You write idiomatic, well-tested {skill}",
        "Solid experience with {skill}",
        "Fluency in {skill}",
        "You are productive in {skill} and know its standard library well",
        "Deep familiarity with {skill} and its tooling",
        "You have written a lot of {skill}, and read even more",
    ),
    "framework": (
        "Solid experience with {skill}",
        "You have built production features with {skill}",
        "Working knowledge of {skill} and its ecosystem",
        "Hands-on experience with {skill}",
        "You know {skill} well enough to know its sharp edges",
        "Real-world experience with {skill}, beyond the tutorial",
    ),
    "database": (
        "Experience with {skill}, including schema design and query tuning",
        "Good working knowledge of {skill}",
        "You are comfortable with {skill} in production",
        "You can read a {skill} query plan and act on it",
        "Practical experience modelling data in {skill}",
    ),
    "cloud": (
        "Hands-on experience with {skill}",
        "You have deployed and operated services on {skill}",
        "Practical knowledge of {skill}",
        "You know your way around {skill} and its core services",
        "Experience running production workloads on {skill}",
    ),
    "tool": (
        "Experience with {skill}",
        "You are comfortable with {skill}",
        "Working knowledge of {skill}",
        "You have used {skill} day to day",
        "Practical experience with {skill} in a team setting",
    ),
    "practice": (
        "Experience with {skill}",
        "A practical understanding of {skill}",
        "You have applied {skill} on a real team",
        "Good judgement about {skill}, grounded in experience",
        "You can explain {skill} to a colleague who is new to it",
    ),
}
# Two skills without a years requirement sometimes share a bullet.
SKILL_PAIR_REQUIREMENTS = (
    "Experience with {first} and {second}",
    "You are comfortable with {first} and {second}",
    "Hands-on work with {first} and {second}",
    "Practical knowledge of {first} and {second}",
    "You have used {first} and {second} in production",
    "Familiarity with {first}, and ideally {second}",
    "Working knowledge of both {first} and {second}",
)
SKILL_NICE_TO_HAVE = (
    "Experience with {skill}",
    "Exposure to {skill}",
    "Some familiarity with {skill}",
    "You have tried {skill} and have opinions about it",
    "Knowledge of {skill}",
)
STACK_LINES = (
    "Our stack: {skills}.",
    "You will work with {skills}.",
    "Day to day, the team uses {skills}.",
    "The tools of the trade here: {skills}.",
    "Tech you will touch: {skills}.",
)

SENIORITY_RESPONSIBILITIES: Mapping[str, tuple[str, ...]] = {
    "intern": (
        "Work on a real project with a dedicated mentor and present it at the end",
        "Learn how a professional team plans, builds and ships software",
        "Ship at least one change to production in your first two weeks",
    ),
    "junior": (
        "Learn quickly from code review and pairing, and start reviewing others' code too",
        "Take on progressively larger pieces of work as you grow",
        "Work through a structured onboarding plan with a mentor",
        "Ask plenty of questions and write down the answers for the next person",
        "Ship your first change to production in your first week",
    ),
    "mid": (
        "Own features from design through to production",
        "Help newer teammates find their way around the codebase",
        "Take the lead on a medium-sized project within your first six months",
        "Contribute to planning and help estimate the work honestly",
        "Share what you learn in demos and short write-ups",
        "Pick up on-call shifts once you know the systems",
    ),
    "senior": (
        "Mentor other engineers and raise the bar for code and design quality",
        "Lead projects that span several people and several months",
        "Shape the technical roadmap of your team",
        "Turn vague problems into clear plans the team can execute",
        "Be the person the team trusts with its hardest bugs",
        "Represent the team in design reviews across engineering",
    ),
    "staff": (
        "Set technical direction for several teams and see it through",
        "Find the problems nobody owns and make sure they get solved",
        "Grow senior engineers into technical leaders",
        "Write the design documents that shape the next two years of work",
        "Work with engineering managers on staffing and sequencing of big projects",
        "Stay hands-on in the code where the risk is highest",
    ),
    "principal": (
        "Own technical strategy for an area that spans the whole engineering organisation",
        "Advise leadership on technical investments and risks",
        "Be the engineer other staff engineers come to with their hardest problems",
        "Represent engineering in conversations with key customers and partners",
        "Decide what we will not build, and explain why",
    ),
    "manager": (
        "Run effective one-to-ones and career conversations",
        "Own hiring for your team, from job description to offer",
        "Keep a healthy balance between feature work, maintenance and learning",
        "Write a quarterly plan with your product partner and report on it honestly",
    ),
    "director": (
        "Lead several teams through their managers",
        "Own the engineering strategy for a product area",
    ),
}
SENIORITY_REQUIREMENTS: Mapping[str, tuple[str, ...]] = {
    "intern": (
        "You are studying computer science or a related field, or teaching yourself",
        "You can join us full-time for the length of the internship",
    ),
    "junior": (
        "Some early professional experience, or equivalent projects of your own",
        "You are early in your career and want to grow fast",
    ),
    "mid": (
        "A few years of professional software engineering experience",
        "You work independently on well-defined problems and ask for help on fuzzy ones",
        "You have shipped features end to end and supported them in production",
        "You are past the basics and hungry for bigger problems",
        "You can take a ticket from vague to done without hand-holding",
        "You give useful code reviews, not just approvals",
    ),
    "senior": (
        "You have led technical projects from idea to production",
        "You have been the go-to engineer for a system, and you handed it over well",
        "You have made a call under uncertainty and then gone back to check it",
        "You have grown a junior engineer into a confident one",
        "You mentor others naturally and make the people around you better",
        "You handle ambiguity well and break big problems into small steps",
    ),
    "staff": (
        "You have set technical direction across several teams",
        "You are known for writing that changes minds",
        "You have a track record of solving problems that span teams",
    ),
    "principal": (
        "You have shaped the architecture of an entire engineering organisation",
        "You are recognised inside and outside your company for technical leadership",
    ),
    "manager": (
        "You have managed engineers for at least two years",
        "You have built trust with teams through change",
    ),
    "director": (
        "You have managed managers and led several teams",
        "You have owned an engineering budget and headcount plan",
    ),
}
YEARS_LINES = (
    "{years}+ years of professional experience in software engineering",
    "At least {years} years of experience building software professionally",
    "{years} or more years of hands-on engineering experience",
    "Around {years}+ years in software engineering roles",
    "{years}+ years of writing software that other people depend on",
    "At least {years} years as a professional engineer, in any industry",
    "{years}+ years in engineering roles, ideally at a product company",
    "A track record of {years}+ years building and shipping software",
)

SECTION_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "about": ("About {company}", "Who we are", "About us", "The company", "About the company"),
    "team": ("The team", "About the team", "Where you fit in", "The role", "About the role"),
    "responsibilities": (
        "What you'll do",
        "What you will work on",
        "Your responsibilities",
        "In this role you will",
        "The work",
        "Day to day",
    ),
    "requirements": (
        "What we're looking for",
        "About you",
        "Requirements",
        "You might be a fit if",
        "What you bring",
        "Who you are",
    ),
    "nice": ("Nice to have", "Bonus points", "It would be great if you also have", "Extras"),
    "pay": ("Pay and benefits", "Compensation and benefits", "What we offer", "Benefits", "Perks"),
    "hiring": ("How we hire", "Our interview process", "Interview process", "What happens next"),
}

# Missions for teams named after the discipline ("Platform", "Data Science") rather than a
# part of the product.
DISCIPLINE_MISSIONS = (
    "The {team} team works across the whole company, and its work shows up in everything "
    "{users} touch.",
    "{team} is a small group with a large footprint: most engineers at {company} depend on "
    "what it builds.",
    "The {team} team was formed two years ago and has doubled since; there is plenty left to "
    "build.",
    "{team} owns a broad area with clear goals for the year and the freedom to decide how to "
    "reach them.",
    "The {team} team partners with product teams across {company} and measures its success by "
    "theirs.",
    "{team} is where {company} invests in the foundations that let everyone else move faster.",
    "The {team} team has a seat at the table when {company} plans the year, and it shows in "
    "the roadmap.",
    "{team} supports every part of our {product_noun}, from the first request to the last report.",
)

TEAM_SIZE_LINES = (
    "You will join a team of {team_size} engineers, a product manager and a designer.",
    "The team is {team_size} engineers strong and reports to an engineering manager who "
    "still reviews code.",
    "You will work alongside {team_size} engineers who have been here between six months and "
    "six years.",
    "The team is small ({team_size} engineers) and has a lot of autonomy.",
    "You will be one of {team_size} engineers on the team, with a product manager who is "
    "refreshingly technical.",
)

WORKPLACE_LINES: Mapping[str, tuple[str, ...]] = {
    "remote": (
        "This role is fully remote within {regions}.",
        "You can work from anywhere in {regions}.",
        "This is a remote position open to candidates based in {regions}.",
        "Remote within {regions}, with a few team gatherings a year.",
    ),
    "remote-worldwide": (
        "This role is fully remote, and you can live anywhere in the world.",
        "Work from anywhere: this position is open worldwide.",
        "This is a remote position open to candidates in any country.",
    ),
    "hybrid": (
        "This is a hybrid role based in {city}: two or three days a week in the office.",
        "Hybrid in {city}: the team meets in the office on Tuesdays and Thursdays.",
        "You will be based in {city} and spend about half your week in the office.",
        "Hybrid, with a desk for you in our {city} office whenever you want it.",
    ),
    "onsite": (
        "This role is based in our {city} office.",
        "This is an on-site role in {city}.",
        "You will work from our {city} office, alongside the rest of the team.",
        "On-site in {city}, with flexible hours.",
    ),
}
OVERLAP_LINES = (
    "We ask for about four hours of overlap with {timezone} working hours.",
    "Most of the team works on {timezone} time, so some overlap with it helps.",
    "Core collaboration hours follow {timezone} time.",
)

EMPLOYMENT_LINES: Mapping[str, tuple[str, ...]] = {
    "contractor": (
        "This is a six-month contract with a good chance of extension.",
        "This is a contract role for an initial twelve months.",
        "This is a freelance engagement, initially for three months.",
    ),
    "contract_to_hire": (
        "This role starts as a six-month contract with the intention of a permanent offer.",
        "We start with a three-month contract and convert to permanent employment when it "
        "works for both sides.",
    ),
    "part_time": (
        "This is a part-time role of about twenty to twenty-four hours a week.",
        "Part-time: three days a week, on days you choose with the team.",
    ),
    "temporary": (
        "This is a fixed-term role covering a year of parental leave.",
        "This is a temporary role for about nine months while we grow the team.",
    ),
    "internship": (
        "This is a paid twelve-week internship starting in June.",
        "This is a paid six-month internship, with the possibility of a graduate offer afterwards.",
        "This internship is paid, lasts four to six months and can start in spring or autumn.",
    ),
}

PAY_LINES = (
    "The salary range for this role is {range} {period}.",
    "We pay {range} {period} for this role, depending on experience.",
    "Pay: {range} {period}.",
    "The expected range is {range} {period}; where you land depends on what you bring.",
    "Base pay for this position is {range} {period}.",
    "We are offering {range} {period}.",
)
PAY_LINES_CONTRACT = (
    "The rate for this engagement is {range} {period}.",
    "We pay {range} {period}, invoiced monthly.",
    "Rate: {range} {period}, depending on experience.",
)
EQUITY_LINES = (
    "Everyone also gets stock options.",
    "The package includes equity.",
    "Plus meaningful equity in the company.",
    "Equity is part of every offer.",
)
NO_PAY_LINES = (
    "We pay competitively for the market and share the range early in the process.",
    "We will share the salary range in the first conversation.",
    "Compensation is competitive and includes an annual review.",
    "",
)

# Benefits by group; every job mixes a few from its country's group with generic ones.
BENEFITS: Mapping[str, tuple[str, ...]] = {
    "us": (
        "Medical, dental and vision insurance with premiums fully covered for you",
        "401(k) with a 4% company match",
        "Unlimited PTO with a 20-day minimum we actually enforce",
        "Sixteen weeks of fully paid parental leave",
        "A $1,500 yearly learning budget",
        "Commuter benefits and a home-office stipend",
        "HSA and FSA options",
        "Life and disability insurance",
    ),
    "ca": (
        "Extended health and dental coverage from day one",
        "RRSP matching up to 4%",
        "Four weeks of vacation plus the winter holidays",
        "Parental leave top-up to 100% for twenty weeks",
        "A CA$1,500 yearly learning budget",
        "Wellness spending account",
    ),
    "gb": (
        "25 days of holiday plus bank holidays",
        "Pension with 6% employer contribution",
        "Private medical insurance, including dental",
        "Enhanced parental leave",
        "Cycle to work scheme",
        "A £1,000 yearly learning budget",
        "Life assurance at four times salary",
    ),
    "ie": (
        "25 days of annual leave plus public holidays",
        "Pension with employer contribution",
        "Health insurance for you and your family",
        "Bike to work scheme",
        "A €1,200 yearly learning budget",
    ),
    "de": (
        "30 days of vacation",
        "Company pension plan with a generous employer top-up",
        "Deutschlandticket or a bike leasing option",
        "A €1,500 yearly learning budget",
        "Subsidised gym membership",
        "Sabbatical option after three years",
    ),
    "nl": (
        "8% holiday allowance and 27 vacation days",
        "Pension plan with employer contribution",
        "NS Business Card or a travel allowance",
        "A €1,500 yearly learning budget",
        "30% ruling support for eligible international hires",
    ),
    "fr": (
        "Swile meal vouchers",
        "Mutuelle covered at 100%",
        "RTT days on top of statutory vacation",
        "A €1,200 yearly learning budget",
        "50% of your transit pass reimbursed",
    ),
    "es": (
        "Flexible compensation plan with meal and transport cards",
        "Private health insurance",
        "23 vacation days plus your birthday off",
        "Intensive summer working hours in July and August",
        "A €1,000 yearly learning budget",
    ),
    "eu": (
        "Generous paid vacation on top of public holidays",
        "Pension contributions",
        "Private health insurance",
        "A yearly learning budget",
        "Public transport pass or bike leasing",
        "Flexible working hours",
    ),
    "nordic": (
        "Occupational pension on top of salary",
        "Wellness allowance",
        "Five weeks of vacation",
        "Generous parental leave top-up",
        "Lunch benefit",
    ),
    "ch": (
        "Pension contributions above the legal minimum",
        "Five weeks of vacation",
        "Half-fare travelcard or GA contribution",
        "A CHF 2,000 yearly learning budget",
    ),
    "pl": (
        "Choice of employment contract or B2B",
        "Private medical care",
        "Multisport card",
        "Paid time off on B2B contracts",
        "English lessons and a learning budget",
    ),
    "in": (
        "Group health insurance for you, your spouse, children and parents",
        "Provident fund and gratuity",
        "Meal card and internet reimbursement",
        "A yearly learning budget for courses and certifications",
        "Relocation support",
        "Term life insurance",
    ),
    "apac": (
        "Comprehensive medical and dental cover",
        "Annual leave above the statutory minimum",
        "A yearly learning budget",
        "Flexible benefits allowance",
        "Parental leave above the legal minimum",
    ),
    "au": (
        "Superannuation on top of base salary",
        "Five weeks of annual leave",
        "Paid parental leave for primary and secondary carers",
        "A A$1,500 yearly learning budget",
        "Health insurance subsidy",
    ),
    "jp": (
        "Full social insurance",
        "Commuting allowance",
        "Annual bonus paid twice a year",
        "Housing support for employees relocating to Japan",
        "Language lessons",
    ),
    "latam": (
        "Health and dental plan for you and your dependants",
        "Meal and food allowance",
        "Thirteenth salary",
        "Home-office allowance",
        "English classes",
        "Gym partnership",
    ),
    "il": (
        "Keren hishtalmut (study fund)",
        "Pension and managers' insurance",
        "Meal card",
        "Team offsites twice a year",
        "Private health insurance",
    ),
}
GENERIC_BENEFITS = (
    "A laptop and setup of your choice",
    "A home-office budget",
    "Mental health support through a confidential service",
    "Team offsites once or twice a year",
    "Flexible working hours",
    "Conference tickets and travel",
    "Regular hack weeks",
    "A yearly wellbeing allowance",
    "Time off between jobs to recharge before you start",
    "A clear career framework with twice-yearly reviews",
    "Paid volunteering days",
    "Coaching for new managers and tech leads",
    "Language lessons",
    "Relocation support where it makes sense",
)
REMOTE_BENEFITS = (
    "A co-working space allowance",
    "A one-off budget to set up your home office",
    "An annual company retreat",
    "Internet and phone reimbursement",
)

# The hiring process is assembled from parts, so that processes differ between companies.
HIRING_STEPS_INTRO = (
    "Our process usually takes {weeks} weeks:",
    "Here is what to expect over roughly {weeks} weeks:",
    "The process has {step_count} steps, and we keep it moving:",
    "We try to keep hiring respectful of your time. There are {step_count} steps:",
    "What the process looks like:",
    "From first call to offer usually takes {weeks} weeks:",
    "How we hire for this role:",
)
HIRING_WEEKS = ("two", "two to three", "three", "three to four", "about three")
HIRING_FIRST_STEPS = (
    "A {minutes}-minute call with {screener} about {first_topic}",
    "An introductory call with {screener} ({minutes} minutes) to talk about {first_topic}",
    "A short video call with {screener} about {first_topic}",
    "A first conversation with {screener}, mostly about {first_topic}",
)
HIRING_MINUTES = ("20", "30", "30", "45")
HIRING_SCREENERS = (
    "a recruiter",
    "our talent partner",
    "the hiring manager",
    "an engineer from the team",
    "someone from our people team",
    "the team lead",
)
HIRING_FIRST_TOPICS = (
    "the role and what you are looking for",
    "your background and what you want to do next",
    "how the team works and what it is building",
    "what you would like to learn here",
    "your questions about {company}",
    "what a good next job looks like for you",
)
HIRING_DURATIONS = ("about an hour", "90 minutes", "45 minutes", "about two hours", "an hour")
HIRING_LAST_KINDS = (
    "A conversation about values and collaboration with {last_people}",
    "A behavioural interview with {last_people} about how you work with others",
    "A chat about career goals and growth with {last_people}",
    "A final conversation with {last_people}",
    "Meeting {last_people} to talk about how we work together",
    "A relaxed conversation with {last_people} about what you would change here",
)
HIRING_LAST_PEOPLE = (
    "two future colleagues",
    "the hiring manager",
    "a product manager and a designer",
    "someone from another team",
    "the head of engineering",
    "our CTO",
    "the engineering director",
)
# Only small companies can promise a founder's time.
HIRING_LAST_PEOPLE_STARTUP = ("one of the founders", "our founders")
HIRING_OFFER_STEPS = (
    "Reference checks and an offer, usually within a week",
    "A written offer within {offer_days} days of the last interview",
    "References, then an offer call with the hiring manager",
)
HIRING_OFFER_DAYS = ("three", "five", "seven", "ten")
HIRING_CLOSINGS = (
    "We give feedback at every stage, whatever the outcome.",
    "Tell us if you need any adjustments during the process; we are happy to make them.",
    "If you are not sure you meet every requirement, apply anyway: we hire people, not checklists.",
    "You will never be asked to do unpaid work beyond a short exercise.",
    "We reply to every application within a week.",
    "Interviews happen over video; we cover travel if you would like to meet us in person.",
    "We share the interview topics in advance, so nobody is caught off guard.",
    "Every interviewer is trained, and every step is scored against the same rubric.",
    "Questions about the process? Ask your recruiter at any point.",
    "",
)
EQUAL_OPPORTUNITY_LINES = (
    "{company} is an equal opportunity employer. We welcome applications from people of every "
    "background, identity and experience.",
    "We are committed to building a diverse team and an inclusive workplace, and we encourage "
    "people from under-represented groups to apply.",
    "{company} does not discriminate on the basis of race, religion, colour, national origin, "
    "gender, sexual orientation, age, marital status or disability.",
    "Diverse teams build better products. We would love to hear from you whatever your background.",
    "{company} values difference. If you need an accommodation at any point, just tell us.",
    "We are building a team that reflects the people who use our product, and we know we have "
    "work to do. Applications from women and people of colour are especially welcome.",
    "Everyone is welcome at {company}, and every application is read by a person.",
    "{company} is proud to be an equal opportunity workplace.",
    "",
    "",
)
