"""The sample knowledge outputs: titles and topics, plus the templates their summaries and bodies come from.

English and Japanese outputs are written from their topic (see `topics`); outputs in other languages carry
their own summary and body.
"""

from sitewide.demo.records import OutputRecord

SAMPLE_NOTE = (
    "This is a sample output written for the demo of the CPP Knowledge "
    "Portal; it is not a World Bank publication. It draws on what the program "
    "has published about itself, and any detail beyond that is illustrative."
)

SAMPLE_NOTE_JA = (
    "これはCPPナレッジポータルのデモ用に作成したサンプル資料であり、世界銀行の刊行物ではありません。"
    "プログラムについて公表されている事実に基づき、それ以外の内容は説明のための例です。"
)

KIND_LABELS: dict[str, str] = {
    "knowledge_note": "knowledge note",
    "toolkit": "toolkit",
    "good_practice_guide": "good practice guide",
    "case_study": "case study",
    "video": "video",
    "report": "report",
    "presentation": "presentation",
}

KIND_LABELS_JA: dict[str, str] = {
    "knowledge_note": "ナレッジノート",
    "toolkit": "ツールキット",
    "good_practice_guide": "グッドプラクティスガイド",
    "case_study": "事例研究",
    "video": "動画",
    "report": "報告書",
    "presentation": "プレゼンテーション",
}

AUTHOR_LABELS: dict[str, tuple[str, str]] = {
    "tdlc": ("TDLC City Partnership Program team (sample author)", "TDLC CPPチーム（サンプル著者）"),
    "world-bank": ("World Bank task team (sample author)", "世界銀行タスクチーム（サンプル著者）"),
    "toyama": ("City of Toyama officials (sample author)", "富山市職員（サンプル著者）"),
    "yokohama": ("City of Yokohama officials (sample author)", "横浜市職員（サンプル著者）"),
    "kobe": ("City of Kobe officials (sample author)", "神戸市職員（サンプル著者）"),
    "kitakyushu": ("City of Kitakyushu officials (sample author)", "北九州市職員（サンプル著者）"),
    "narayanganj": ("Narayanganj officials (sample author)", "ナラヤンガンジ市職員（サンプル著者）"),
    "semarang": ("Semarang officials (sample author)", "スマラン市職員（サンプル著者）"),
    "dakar": ("Dakar officials (sample author)", "ダカール市職員（サンプル著者）"),
    "maputo": ("Maputo officials (sample author)", "マプト市職員（サンプル著者）"),
    "lima": ("Lima officials (sample author)", "リマ市職員（サンプル著者）"),
}

SUMMARY_TEMPLATE = "Sample {label}: {focus} This is a sample output for the demo."
SUMMARY_TEMPLATE_JA = "【サンプル{label}】{focus}デモ用のサンプル資料です。"

BODY_TEMPLATES: dict[str, str] = {
    "knowledge_note": """{context}

## Key points
{points}

## What a city can do
{steps}

## Questions to discuss
{questions}

## About this note
{sample_note}
""",
    "toolkit": """This toolkit turns the experience behind *{title}* into steps a city team can follow.

## How to use this toolkit
1. Read the context and the checklist with your team.
2. Work through the steps, one meeting per step.
3. Answer the questions in writing and share them with your World Bank task team.

## Context
{context}

## Steps
{steps_numbered}

## Checklist
{points}

## Questions for your team
{questions}

## About this toolkit
{sample_note}
""",
    "good_practice_guide": """## The practice
{context}

## What good practice looks like
{points}

## Getting started
{steps_numbered}

## Before you adapt it
{questions}

## About this guide
{sample_note}
""",
    "case_study": """## Background
{context}

## The approach, step by step
{steps_numbered}

## What stood out
{points}

## Questions for other cities
{questions}

## About this case study
{sample_note}
""",
    "video": """## About this video
{context}

## Chapters
{points}

## Discussion questions
{questions}

## About this sample
The attached clip is a short placeholder made for the demo. {sample_note}
""",
    "report": """## Executive summary
{context}

## Findings
{points}

## Recommendations
{steps_numbered}

## Questions for further research
{questions}

## About this report
{sample_note}
""",
    "presentation": """## Slide 1: {title}
{focus}

## Slide 2: Context
{context}

## Slide 3: Key points
{points}

## Slide 4: Next steps
{steps}

## Slide 5: Discussion
{questions}

## About this presentation
{sample_note}
""",
}

BODY_TEMPLATES_JA: dict[str, str] = {
    "knowledge_note": """{context}

## 要点
{points}

## 都市ができること
{steps}

## 話し合いたい問い
{questions}

## この資料について
{sample_note}
""",
    "toolkit": """このツールキットは、「{title}」の経験を、都市のチームがたどれる手順にまとめたものです。

## 背景
{context}

## 手順
{steps_numbered}

## チェックリスト
{points}

## チームで考える問い
{questions}

## この資料について
{sample_note}
""",
    "good_practice_guide": """## 取り組みの概要
{context}

## よい実践のポイント
{points}

## 始め方
{steps_numbered}

## 取り入れる前に
{questions}

## この資料について
{sample_note}
""",
    "case_study": """## 背景
{context}

## 取り組みの手順
{steps_numbered}

## 注目点
{points}

## ほかの都市への問い
{questions}

## この資料について
{sample_note}
""",
    "video": """## この動画について
{context}

## チャプター
{points}

## 話し合いたい問い
{questions}

## この資料について
添付の動画はデモ用の短い仮の映像です。{sample_note}
""",
    "report": """## 要旨
{context}

## 主な知見
{points}

## 提言
{steps_numbered}

## 今後の研究課題
{questions}

## この資料について
{sample_note}
""",
    "presentation": """## スライド1：{title}
{focus}

## スライド2：背景
{context}

## スライド3：要点
{points}

## スライド4：次の一歩
{steps}

## スライド5：話し合い
{questions}

## この資料について
{sample_note}
""",
}


def _en(kind: str, topic: str, title: str, **extra) -> OutputRecord:
    return OutputRecord(kind=kind, title=title, topic=topic, **extra)


def _ja(kind: str, topic: str, title: str, slug: str, **extra) -> OutputRecord:
    return OutputRecord(kind=kind, title=title, topic=topic, language="ja", slug=slug, **extra)


ENGLISH_OUTPUTS: tuple[OutputRecord, ...] = (
    _en(
        "knowledge_note",
        "compact-city-policy",
        "What makes a Compact City policy advanced",
        featured=True,
    ),
    _en("knowledge_note", "city-centre-revitalisation", "Bringing people back to the city centre"),
    _en("knowledge_note", "ageing-services", "Planning services for an ageing population"),
    _en("knowledge_note", "high-density", "Living with very high population density"),
    _en("knowledge_note", "equitable-services", "Delivering services equitably to a large population"),
    _en("knowledge_note", "disaster-risk", "Natural disaster risk management in a mid-sized city"),
    _en("knowledge_note", "yokohama-transformation", "Six decades of change in Yokohama"),
    _en("knowledge_note", "citizen-engagement", "Citizen engagement in smart city projects"),
    _en("knowledge_note", "sustainability", "Eco-friendly growth: notes from two partner cities"),
    _en("knowledge_note", "innovation-competitiveness", "Innovation and competitiveness in partner cities"),
    _en(
        "knowledge_note",
        "tdd-method",
        "How a Technical Deep Dive works",
        pdf_annex="Working title used while this note was drafted: the bramblewick file.",
    ),
    _en("knowledge_note", "urbanising-world", "Why cities matter in an urbanising world"),
    _en(
        "knowledge_note",
        "knowledge-capture",
        "Capturing how-to experience from city agencies",
        status="changes_requested",
    ),
    _en(
        "toolkit",
        "compact-city-policy",
        "Compact City self-assessment toolkit",
        pdf_annex="Worksheet code for facilitators: quoryx.",
    ),
    _en("toolkit", "city-centre-revitalisation", "City centre revitalisation toolkit"),
    _en("toolkit", "ageing-services", "Toolkit for age-friendly service delivery"),
    _en("toolkit", "high-density", "Densification planning toolkit"),
    _en("toolkit", "equitable-services", "Equitable service delivery mapping toolkit"),
    _en("toolkit", "disaster-risk", "Toolkit for natural disaster risk management planning"),
    _en("toolkit", "citizen-engagement", "Citizen engagement toolkit for smart city projects"),
    _en("toolkit", "assured-service-delivery", "Assured service delivery toolkit"),
    _en("toolkit", "tdd-method", "Action planning toolkit for deep dive participants"),
    _en(
        "toolkit",
        "knowledge-capture",
        "Toolkit for documenting lessons in city agencies",
        status="draft",
        pdf_annex="Draft reviewer's keyword, to be removed before submission: zelkovine.",
    ),
    _en("toolkit", "urban-mobility", "Toolkit for linking transport and land use in a compact city"),
    _en("toolkit", "sample-flood-resilience", "Neighbourhood flood resilience toolkit"),
    _en(
        "toolkit",
        "client-city-range",
        "Toolkit for matching partner expertise to client city needs",
        status="withdrawn",
    ),
    _en("good_practice_guide", "compact-city-policy", "Good practice in Compact City planning"),
    _en(
        "good_practice_guide",
        "city-centre-revitalisation",
        "Good practice guide to city centre revitalisation",
        featured=True,
    ),
    _en("good_practice_guide", "ageing-services", "Good practice in infrastructure for elderly citizens"),
    _en("good_practice_guide", "high-density", "Good practice in managing densification"),
    _en("good_practice_guide", "disaster-risk", "Good practice in disaster risk management for cities"),
    _en(
        "good_practice_guide",
        "yokohama-transformation",
        "Good practice in planned projects and regulation for urban change",
    ),
    _en(
        "good_practice_guide",
        "citizen-engagement",
        "Good practice in involving citizens and the private sector",
    ),
    _en("good_practice_guide", "assured-service-delivery", "Good practice in assured service delivery"),
    _en("good_practice_guide", "sustainability", "Good practice for eco-friendly cities"),
    _en(
        "good_practice_guide",
        "innovation-competitiveness",
        "Good practice in building a strong urban economic base",
    ),
    _en("good_practice_guide", "tdd-method", "Good practice in running peer-to-peer exchanges"),
    _en("good_practice_guide", "urban-mobility", "Good practice in transport for a compact city"),
    _en(
        "good_practice_guide",
        "sample-digital-services",
        "Good practice in digital services for residents",
        status="submitted",
    ),
    _en("case_study", "compact-city-policy", "Case study: Toyama's Compact City approach"),
    _en("case_study", "city-centre-revitalisation", "Case study: revitalising Toyama's city centre"),
    _en("case_study", "high-density", "Case study: Narayanganj and the challenge of density"),
    _en("case_study", "equitable-services", "Case study: equitable services in Narayanganj"),
    _en("case_study", "yokohama-transformation", "Case study: Yokohama's transformation", featured=True),
    _en(
        "case_study",
        "citizen-engagement",
        "Case study: citizens and the private sector in Yokohama's planning",
    ),
    _en("case_study", "sustainability", "Case study: Toyama as an Environmental Model City"),
    _en("case_study", "innovation-competitiveness", "Case study: industry and innovation in Toyama"),
    _en("case_study", "disaster-risk", "Case study: disaster risk management expertise in Toyama"),
    _en(
        "case_study",
        "sample-flood-resilience",
        "Case study: flood risk in Semarang's low-lying neighbourhoods",
    ),
    _en("case_study", "sample-centre-mobility", "Case study: easing congestion in Dakar's city centre"),
    _en(
        "case_study",
        "sample-serviced-neighbourhoods",
        "Case study: basic services in Maputo's growing neighbourhoods",
        status="submitted",
    ),
    _en("case_study", "client-city-range", "Case study: partner cities of varying sizes"),
    _en("video", "compact-city-policy", "Video: a Compact City explained", featured=True),
    _en("video", "city-centre-revitalisation", "Video: a walk through a revitalised city centre"),
    _en("video", "ageing-services", "Video: services within reach for older residents"),
    _en("video", "high-density", "Video: high-density cities and how they cope"),
    _en("video", "disaster-risk", "Video: preparing a city for natural hazards"),
    _en("video", "yokohama-transformation", "Video: Yokohama over six decades"),
    _en(
        "video",
        "smart-cities-conference",
        "Video: highlights of the international conference on Smart Cities",
    ),
    _en("video", "citizen-engagement", "Video: residents shaping smart city services"),
    _en("video", "innovation-competitiveness", "Video: innovation and competitiveness in cities"),
    _en("video", "tdd-method", "Video: inside a Technical Deep Dive"),
    _en("video", "urbanising-world", "Video: why cities matter"),
    _en("video", "knowledge-capture", "Video: how partner city officials share what they know"),
    _en(
        "video",
        "sample-centre-mobility",
        "Video: moving around a busy city centre",
        status="changes_requested",
    ),
    _en("report", "compact-city-policy", "Report: Compact City policies and World Bank operations"),
    _en("report", "ageing-services", "Report: infrastructure and service delivery for elderly citizens"),
    _en("report", "equitable-services", "Report: equitable service delivery in dense cities"),
    _en("report", "disaster-risk", "Report: natural disaster risk management and city planning"),
    _en("report", "yokohama-transformation", "Report: lessons from Yokohama's long-term urban change"),
    _en(
        "report",
        "smart-cities-conference",
        "Report on the international conference on Smart Cities",
        featured=True,
    ),
    _en("report", "assured-service-delivery", "Report: assured service delivery in smart cities"),
    _en("report", "sustainability", "Report: sustainability in partner cities"),
    _en(
        "report",
        "tdd-method",
        "Report: Technical Deep Dives as a way to move projects forward",
        embargoed=True,
    ),
    _en("report", "client-city-range", "Report: the first batch of CPP partner cities"),
    _en("report", "urbanising-world", "Report: cities in an urbanising world", status="archived"),
    _en("report", "knowledge-capture", "Report: a self-sustaining learning model organised around themes"),
    _en(
        "report",
        "sample-digital-services",
        "Report: digital services and public trust",
        status="draft",
    ),
    _en("presentation", "compact-city-policy", "Presentation: Compact Cities at a glance"),
    _en("presentation", "city-centre-revitalisation", "Presentation: revitalising the city centre"),
    _en("presentation", "high-density", "Presentation: density and services in Narayanganj"),
    _en("presentation", "disaster-risk", "Presentation: disaster risk management priorities"),
    _en("presentation", "yokohama-transformation", "Presentation: Yokohama's path to a livable city"),
    _en(
        "presentation",
        "smart-cities-conference",
        "Presentation: topics of the international conference on Smart Cities",
    ),
    _en("presentation", "citizen-engagement", "Presentation: citizen engagement in practice"),
    _en(
        "presentation",
        "innovation-competitiveness",
        "Presentation: innovation, competitiveness and the city economy",
    ),
    _en(
        "presentation",
        "tdd-method",
        "Presentation: what to expect from a Technical Deep Dive",
        status="archived",
    ),
    _en("presentation", "urban-mobility", "Presentation: mobility in a compact city"),
    _en("presentation", "sample-flood-resilience", "Presentation: flood risk priorities for Semarang"),
    _en(
        "presentation",
        "sample-serviced-neighbourhoods",
        "Presentation: serviced neighbourhoods in Maputo",
    ),
    _en(
        "presentation",
        "knowledge-capture",
        "Presentation: sharing knowledge on TDLC's platforms",
        status="draft",
    ),
)

JAPANESE_OUTPUTS: tuple[OutputRecord, ...] = (
    _ja(
        "knowledge_note",
        "compact-city-policy",
        "コンパクトシティ政策の基本",
        "ja-compact-city-policy-basics",
        pdf_annex="現地視察の記録名：ほしぞら回廊",
    ),
    _ja(
        "knowledge_note", "ageing-services", "高齢化に対応したサービス提供", "ja-services-for-an-ageing-city"
    ),
    _ja(
        "toolkit",
        "city-centre-revitalisation",
        "中心市街地活性化ツールキット",
        "ja-city-centre-toolkit",
        translation_of="city-centre-revitalisation-toolkit",
    ),
    _ja("toolkit", "disaster-risk", "防災まちづくりツールキット", "ja-disaster-risk-toolkit"),
    _ja(
        "good_practice_guide",
        "citizen-engagement",
        "市民参加によるスマートシティづくりの実践ガイド",
        "ja-citizen-engagement-guide",
    ),
    _ja(
        "good_practice_guide",
        "sustainability",
        "環境にやさしい都市づくりの実践ガイド",
        "ja-eco-friendly-city-guide",
    ),
    _ja(
        "case_study",
        "compact-city-policy",
        "事例研究：富山市のコンパクトシティ",
        "ja-case-study-toyama-compact-city",
        featured=True,
        translation_of="case-study-toyamas-compact-city-approach",
    ),
    _ja(
        "case_study",
        "yokohama-transformation",
        "事例研究：横浜市の約60年の変化",
        "ja-case-study-yokohama-transformation",
    ),
    _ja(
        "video",
        "tdd-method",
        "動画：技術ディープダイブの一日",
        "ja-video-a-day-at-a-deep-dive",
        status="draft",
    ),
    _ja(
        "video", "smart-cities-conference", "動画：スマートシティ国際会議", "ja-video-smart-cities-conference"
    ),
    _ja(
        "report",
        "smart-cities-conference",
        "報告書：スマートシティ国際会議",
        "ja-report-smart-cities-conference",
        translation_of="report-on-the-international-conference-on-smart-cities",
    ),
    _ja(
        "report",
        "disaster-risk",
        "報告書：都市計画と自然災害リスク管理",
        "ja-report-disaster-risk",
        translation_of="report-natural-disaster-risk-management-and-city-planning",
    ),
    _ja(
        "presentation",
        "tdd-method",
        "プレゼンテーション：技術ディープダイブとは",
        "ja-presentation-what-is-a-tdd",
    ),
    _ja(
        "presentation",
        "city-centre-revitalisation",
        "プレゼンテーション：中心市街地の再生",
        "ja-presentation-city-centre",
        translation_of="presentation-revitalising-the-city-centre",
    ),
)

OTHER_LANGUAGE_OUTPUTS: tuple[OutputRecord, ...] = (
    OutputRecord(
        kind="knowledge_note",
        title="Note de connaissances : la mobilité dans le centre-ville de Dakar",
        topic="sample-centre-mobility",
        language="fr",
        summary=(
            "Exemple de note de connaissances (sample) : l'accès à un centre-ville encombré, un défi "
            "illustratif d'une ville cliente d'exemple. Ceci est un exemple créé pour la démonstration."
        ),
        body="""## Contexte
Dakar figure dans cette démonstration comme ville cliente d'exemple ; son défi est illustratif.

## Points clés
- Un centre-ville fonctionne quand on peut y accéder facilement.
- La marche et les transports publics amènent la plupart des gens dans les centres animés.
- L'espace de la rue est limité et doit être partagé équitablement.
- Les commerçants et les habitants doivent avoir leur mot à dire.

## Questions à discuter
1. Comment la plupart des gens rejoignent-ils votre centre-ville ?
2. Quelles rues pourraient être partagées autrement ?

## À propos de cette note
Ceci est un exemple rédigé pour la démonstration du portail ;
ce n'est pas une publication de la Banque mondiale.
""",
    ),
    OutputRecord(
        kind="presentation",
        title="Présentation : les villes compactes en bref",
        topic="compact-city-policy",
        language="fr",
        translation_of="presentation-compact-cities-at-a-glance",
        summary=(
            "Exemple de présentation (sample) : ce que les politiques de ville compacte de Toyama "
            "peuvent apporter aux villes clientes. Ceci est un exemple créé pour la démonstration."
        ),
        body="""## Diapositive 1 : les villes compactes
Toyama, ville moyenne de moins de 500 000 habitants, a été citée par l'OCDE en 2012 parmi cinq villes
dotées de politiques avancées de ville compacte.

## Diapositive 2 : points clés
- Rapprocher logements, emplois et services.
- Penser ensemble l'usage du sol, les transports et les services.
- La densification, un centre animé et les services aux personnes âgées se renforcent mutuellement.

## À propos de cette présentation
Ceci est un exemple rédigé pour la démonstration du portail ;
ce n'est pas une publication de la Banque mondiale.
""",
    ),
    OutputRecord(
        kind="case_study",
        title="Estudio de caso: servicios digitales y confianza ciudadana en Lima",
        topic="sample-digital-services",
        language="es",
        summary=(
            "Ejemplo de estudio de caso (sample): servicios públicos digitales "
            "en los que los residentes confían, un desafío ilustrativo de una "
            "ciudad cliente de ejemplo. Es un ejemplo creado para la demostración."
        ),
        body="""## Antecedentes
Lima aparece en esta demostración como ciudad cliente de ejemplo; su desafío es ilustrativo.

## Lo que se hizo, paso a paso
1. Preguntar a los residentes qué servicios quieren en línea primero.
2. Diseñar y probar los servicios con ellos.
3. Mantener una vía presencial para cada servicio.

## Lo que destacó
- La confianza se gana con servicios que funcionan, no solo con tecnología.
- Un lenguaje claro importa tanto como una buena interfaz.

## Acerca de este estudio de caso
Es un ejemplo escrito para la demostración del portal; no es una publicación del Banco Mundial.
""",
    ),
    OutputRecord(
        kind="video",
        title="Vídeo: la participación ciudadana en las ciudades inteligentes",
        topic="citizen-engagement",
        language="es",
        summary=(
            "Ejemplo de vídeo (sample): cómo los ciudadanos y el sector privado participan en la "
            "planificación y en los servicios de una ciudad "
            "inteligente. Es un ejemplo creado para la demostración."
        ),
        body="""## Sobre este vídeo
La participación ciudadana fue uno de los temas de la conferencia internacional sobre Ciudades
Inteligentes celebrada durante el Technical Deep Dive sobre Ciudades Inteligentes con Yokohama.

## Capítulos
- Por qué participan los residentes.
- El sector privado como socio.
- Informar de lo que cambió gracias a las ideas de los residentes.

## Acerca de esta muestra
El clip adjunto es un breve marcador de posición creado para la demostración.
""",
    ),
    OutputRecord(
        kind="toolkit",
        title="Kit de ferramentas: serviços básicos nos bairros de Maputo",
        topic="sample-serviced-neighbourhoods",
        language="pt",
        status="submitted",
        summary=(
            "Exemplo de kit de ferramentas (sample): serviços básicos em bairros de crescimento rápido, um "
            "desafio ilustrativo de uma cidade cliente de exemplo. É um exemplo criado para a demonstração."
        ),
        body="""## Contexto
Maputo aparece nesta demonstração como cidade cliente de exemplo; o seu desafio é ilustrativo.

## Passos
1. Identificar os bairros que crescem mais depressa.
2. Acordar os serviços básicos que cada um deve ter.
3. Planear as melhorias por fases com grupos comunitários.
4. Orientar a nova ocupação para terrenos com serviços.

## Sobre este kit
É um exemplo escrito para a demonstração do portal; não é uma publicação do Banco Mundial.
""",
    ),
    OutputRecord(
        kind="report",
        title="Relatório: gestão do risco de desastres nas cidades",
        topic="disaster-risk",
        language="pt",
        translation_of="report-natural-disaster-risk-management-and-city-planning",
        summary=(
            "Exemplo de relatório (sample): a gestão do risco de desastres naturais no planeamento urbano, "
            "uma das áreas de especialização que Toyama oferece. É um exemplo criado para a demonstração."
        ),
        body="""## Resumo
A gestão do risco de desastres naturais é uma das áreas de especialização que Toyama oferece através
do City Partnership Program.

## Conclusões
- O risco depende tanto do local onde as pessoas vivem como do próprio perigo.
- O planeamento do uso do solo é uma das formas mais baratas de reduzir o risco.
- Os alertas só funcionam se os residentes os compreenderem e confiarem neles.

## Sobre este relatório
É um exemplo escrito para a demonstração do portal; não é uma publicação do Banco Mundial.
""",
    ),
    OutputRecord(
        kind="good_practice_guide",
        title="Panduan praktik baik: ketahanan banjir di Semarang",
        topic="sample-flood-resilience",
        language="id",
        summary=(
            "Contoh panduan praktik baik (sample): ketahanan banjir di permukiman dataran rendah, "
            "tantangan ilustratif dari sebuah kota klien contoh. Ini adalah contoh yang dibuat untuk demo."
        ),
        body="""## Praktiknya
Semarang muncul dalam demo ini sebagai kota klien contoh; tantangannya bersifat ilustratif.

## Seperti apa praktik yang baik
- Memetakan daerah rawan banjir bersama warga.
- Mengarahkan pembangunan baru menjauh dari lahan yang paling rawan.
- Menguji pesan peringatan bersama warga.

## Tentang panduan ini
Ini adalah contoh yang ditulis untuk demo portal; bukan publikasi Bank Dunia.
""",
    ),
)

OUTPUTS: tuple[OutputRecord, ...] = ENGLISH_OUTPUTS + JAPANESE_OUTPUTS + OTHER_LANGUAGE_OUTPUTS
