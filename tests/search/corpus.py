"""A fixed corpus for the relevance suite: each output written so that one query has a clear answer."""

import datetime

from django.utils import timezone

from knowledge.models import Output
from tests import builders


def build_corpus() -> dict[str, Output]:
    toyama = builders.city("Toyama")
    kobe = builders.city("Kobe")
    dhaka = builders.city("Dhaka", role="client")
    compact = builders.theme("Compact Cities")
    resilience = builders.theme("Disaster Resilience")
    day = datetime.timedelta(days=1)
    now = timezone.now()

    def make(key, title, summary="A short note.", body="", *, days_ago=10, **fields):
        fields.setdefault("published_at", now - days_ago * day)
        return key, builders.output(title, summary=summary, body=body, **fields)

    outputs = dict(
        [
            make(
                "toyama_compact",
                "Compact city policy in Toyama",
                "How a mid-sized city concentrated housing along public transport.",
                "Toyama rebuilt its tram network and moved services to the centre.",
                cities=[toyama],
                themes=[compact],
                days_ago=300,
            ),
            make(
                "flood_toolkit",
                "Flood resilience toolkit for neighbourhoods",
                "Planning with residents before the water comes.",
                "Levees, pumps and an early warning system that reaches every household.",
                themes=[resilience],
            ),
            make(
                "mobility_report",
                "Urban mobility report",
                "Buses and trams in growing cities.",
                "The light rail revival in mid-sized cities is covered in chapter two.",
                days_ago=5,
            ),
            make(
                "light_rail",
                "Light rail for mid-sized towns",
                "What a tram line costs and what it brings.",
                "Ridership figures from several lines.",
                days_ago=400,
            ),
            make(
                "waste_note",
                "Waste sorting note",
                "Sorting recyclables at the source.",
                "Households sort into five streams.",
            ),
            make(
                "toyama_ja",
                "富山市のコンパクトシティ政策",
                "公共交通を軸としたまちづくりの要点。",
                "富山市は路面電車を再生し、中心市街地に人を呼び戻しました。",
                language="ja",
                cities=[toyama],
            ),
            make(
                "kobe_disaster",
                "Disaster risk management in Kobe",
                "Recovery after the 1995 earthquake.",
                "Kobe rebuilt schools as evacuation centres.",
                cities=[kobe],
                themes=[resilience],
            ),
            make(
                "drainage_summary",
                "Storm water note",
                "Drainage channels that double as parks.",
                "Green spaces hold the rain.",
                days_ago=200,
            ),
            make(
                "drainage_body",
                "Street design note",
                "Streets that work for everyone.",
                "Kerbs, crossings and drainage grates under the pavement.",
                days_ago=1,
            ),
            make(
                "sewerage_body",
                "Sanitation planning note",
                "Toilets and treatment for a growing district.",
                "Sewerage networks reach the old town first.",
                days_ago=300,
            ),
            make(
                "sewerage_file",
                "Health centre note",
                "Clinics close to where people live.",
                "Staffing and opening hours.",
                days_ago=1,
            ),
            make(
                "warning_apart",
                "Heat wave note",
                "Cooling centres for hot summers.",
                "The warning signs appeared early in June, before the heat arrived.",
            ),
            make(
                "flood_insurance",
                "Flood insurance report",
                "Who pays after a flood.",
                "Premiums, public funds and households.",
            ),
            make(
                "yokohama_port",
                "Yokohama port transformation",
                "Six decades of waterfront change.",
                "The port moved and the city centre grew.",
            ),
            make(
                "dhaka_housing",
                "Affordable housing in Dhaka",
                "Plans for dense neighbourhoods.",
                "Planning permission and land readjustment.",
                cities=[dhaka],
            ),
            make(
                "html_title",
                "Budgets <script>alert('x')</script> & <b>bold</b> plans",
                "A note whose title holds markup.",
                "The <i>markup</i> stays text: budgets matter.",
            ),
            make(
                "draft_secret",
                "Zelkovine draft about hydrogen ferries",
                "Never published.",
                "zelkovine zelkovine",
                status=Output.Status.DRAFT,
            ),
            make(
                "embargoed",
                "Embargoed note on hydrogen ferries",
                "Public next month.",
                "Hydrogen ferries for island towns.",
                published_at=now + 30 * day,
            ),
        ]
    )
    builders.attachment(
        outputs["waste_note"], "worksheet.pdf", extracted_text="The quoryx worksheet for sorting recyclables."
    )
    builders.attachment(
        outputs["sewerage_file"], "annex.pdf", extracted_text="Annex: sewerage connections by district."
    )
    builders.attachment(
        outputs["toyama_ja"],
        "annex.pdf",
        builders.pdf_bytes("Annex"),
        extracted_text="現地視察の記録名：ほしぞら回廊",
    )
    builders.attachment(
        outputs["draft_secret"], "secret.pdf", extracted_text="A draft attachment mentions quoryx too."
    )
    return outputs
