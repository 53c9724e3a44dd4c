"""Demo programmes: the facts of the owner's pages (shared/seeds), descriptions in our own words."""

from django.core.files.base import ContentFile

from .demo_files import build_docx, build_pdf
from .models import (
    Document,
    DocumentKind,
    DocumentUploadTo,
    MainSubject,
    Organisation,
    Programme,
    Sector,
)

SECTORS = [
    # slug, en, ar, fr
    ("foreign-affairs", "Foreign affairs", "الشؤون الخارجية", "Affaires étrangères"),
    ("health", "Health", "الصحة", "Santé"),
    ("tourism", "Tourism", "السياحة", "Tourisme"),
    ("transport", "Transport", "النقل", "Transports"),
    ("statistics", "Statistics", "الإحصاء", "Statistique"),
    ("labour", "Labour", "العمل", "Travail"),
    ("finance", "Finance", "المالية", "Finances"),
    ("agriculture", "Agriculture", "الزراعة", "Agriculture"),
    ("civil-society", "Civil society", "المجتمع المدني", "Société civile"),
    ("vocational-education", "Vocational education", "التعليم المهني", "Formation professionnelle"),
]

ORGANISATIONS = [
    # key in this file, acronym (the sources give none for the academy), en, ar, fr
    (
        "diplomatic-academy",
        "",
        "Diplomatic Academy of the Ministry of Foreign Affairs of Türkiye",
        "الأكاديمية الدبلوماسية التابعة لوزارة الشؤون الخارجية التركية",
        "Académie diplomatique du ministère des Affaires étrangères de Turquie",
    ),
    (
        "ICYF",
        "ICYF",
        "Islamic Cooperation Youth Forum",
        "منتدى شباب التعاون الإسلامي",
        "Forum de la jeunesse de la coopération islamique",
    ),
    (
        "ICDT",
        "ICDT",
        "Islamic Centre for Development of Trade",
        "المركز الإسلامي لتنمية التجارة",
        "Centre islamique pour le développement du commerce",
    ),
]

# Only the programmes the owner names (shared/seeds/programmes.md); staff add the others.
PROGRAMMES = [
    {
        "slug": "diplomacy-cab",
        "acronym": "Diplomacy-CaB",
        "sector": "foreign-affairs",
        "launch_year": 2017,
        "partners": ["diplomatic-academy", "ICYF"],
        # Its questionnaire and three Terms of Reference, as sample files (seed 000).
        "documents": True,
        "name": (
            "Diplomacy Capacity Building Programme",
            "برنامج بناء القدرات الدبلوماسية",
            "Programme de renforcement des capacités diplomatiques",
        ),
        "summary": (
            "Training on the issues that matter to the OIC diplomatic community, with a yearly "
            "course for junior diplomats.",
            "تدريب على القضايا التي تهم المجتمع الدبلوماسي في منظمة التعاون الإسلامي، مع دورة "
            "سنوية للدبلوماسيين المبتدئين.",
            "Des formations sur les questions qui intéressent la communauté diplomatique de "
            "l'OCI, dont un cours annuel pour les jeunes diplomates.",
        ),
        "description": (
            "Diplomacy is the main instrument through which a country pursues its foreign policy: "
            "it serves to influence other countries, secure the national interest and keep the "
            "peace. Through professional diplomats it shapes international relations on peace "
            "and war, trade, the environment, the economy, culture and human rights. Because "
            "building the diplomatic capacities of the OIC member states matters so much, SESRIC "
            "launched this programme in 2017 to train on issues of interest to the OIC diplomatic "
            "community: to strengthen the skills of junior diplomats, help them learn about the "
            "OIC and explore the main regional and international issues.",
            "الدبلوماسية هي الأداة الرئيسية التي تحقق بها الدول أهداف سياستها الخارجية: فبها تؤثر "
            "في الدول الأخرى وتصون مصالحها الوطنية وتحفظ السلام. ومن خلال الدبلوماسيين المحترفين "
            "توجه العلاقات الدولية في قضايا السلم والحرب والتجارة والبيئة والاقتصاد والثقافة "
            "وحقوق الإنسان. ونظرا للأهمية الكبيرة لبناء القدرات الدبلوماسية للدول الأعضاء في "
            "منظمة التعاون الإسلامي، أطلق سيسرك هذا البرنامج عام 2017 لتقديم التدريب في القضايا "
            "التي تهم المجتمع الدبلوماسي للمنظمة: تعزيز مهارات الدبلوماسيين المبتدئين، ومساعدتهم "
            "على اكتساب المعارف عن المنظمة، والتعمق في القضايا الإقليمية والدولية الرئيسية.",
            "La diplomatie est le principal instrument par lequel un pays poursuit sa politique "
            "étrangère\u00a0: elle lui sert à influer sur les autres pays, à garantir son intérêt "
            "national et à préserver la paix. Par l'intermédiaire de diplomates de métier, elle "
            "oriente les relations internationales en matière de paix et de guerre, de commerce, "
            "d'environnement, d'économie, de culture et de droits de l'homme. Parce que le "
            "renforcement des capacités diplomatiques des États membres de l'OCI est essentiel, "
            "le SESRIC a lancé ce programme en 2017 pour offrir des formations sur les questions "
            "qui intéressent la communauté diplomatique de l'OCI\u00a0: renforcer les compétences "
            "des jeunes diplomates, les aider à mieux connaître l'OCI et approfondir les grandes "
            "questions régionales et internationales.",
        ),
        "questionnaire_audience": (
            "Ministries of Foreign Affairs",
            "وزارات الشؤون الخارجية",
            "ministères des Affaires étrangères",
        ),
        "subjects": [
            (
                "Negotiation and Communication Skills",
                "مهارات التفاوض والتواصل",
                "Techniques de négociation et de communication",
            ),
            (
                "Public Speaking and Media Relations",
                "الخطابة والعلاقات مع وسائل الإعلام",
                "Prise de parole en public et relations avec les médias",
            ),
            ("Peacekeeping", "حفظ السلام", "Maintien de la paix"),
            ("Multilateral Diplomacy", "الدبلوماسية المتعددة الأطراف", "Diplomatie multilatérale"),
            ("Conflict Resolution", "حل النزاعات", "Résolution des conflits"),
            ("Mediation", "الوساطة", "Médiation"),
        ],
    },
    {
        "slug": "ibnsina-cab",
        "acronym": "IbnSina-CaB",
        "sector": "health",
        "launch_year": 2010,
        "name": (
            "IbnSina Health Capacity Building Programme",
            "برنامج ابن سينا لبناء القدرات في مجال الصحة",
            "Programme IbnSina de renforcement des capacités en santé",
        ),
        "summary": (
            "One of SESRIC's sector-specific capacity building programmes, for health; "
            "launched in 2010.",
            "أحد برامج سيسرك القطاعية لبناء القدرات، في مجال الصحة؛ أُطلق عام 2010.",
            "L'un des programmes sectoriels de renforcement des capacités du SESRIC, consacré "
            "à la santé\u00a0; lancé en 2010.",
        ),
        "questionnaire_audience": (
            "Ministries of Health",
            "وزارات الصحة",
            "ministères de la Santé",
        ),
    },
    {
        "slug": "tourism-cab",
        "acronym": "Tourism-CaB",
        "sector": "tourism",
        "launch_year": 2015,
        "name": (
            "Tourism Capacity Building Programme",
            "برنامج بناء القدرات في مجال السياحة",
            "Programme de renforcement des capacités dans le tourisme",
        ),
        "summary": (
            "One of SESRIC's sector-specific capacity building programmes, for tourism; "
            "launched in 2015.",
            "أحد برامج سيسرك القطاعية لبناء القدرات، في مجال السياحة؛ أُطلق عام 2015.",
            "L'un des programmes sectoriels de renforcement des capacités du SESRIC, consacré "
            "au tourisme\u00a0; lancé en 2015.",
        ),
        "questionnaire_audience": ("Tourism authorities", "سلطات السياحة", "Autorités du tourisme"),
    },
    {
        "slug": "transport-cab",
        "acronym": "Transport-CaB",
        "sector": "transport",
        "launch_year": 2021,
        "name": (
            "Transportation Capacity Building Programme",
            "برنامج بناء القدرات في مجال النقل",
            "Programme de renforcement des capacités dans les transports",
        ),
        "summary": (
            "One of SESRIC's sector-specific capacity building programmes, for transport; "
            "launched in 2021.",
            "أحد برامج سيسرك القطاعية لبناء القدرات، في مجال النقل؛ أُطلق عام 2021.",
            "L'un des programmes sectoriels de renforcement des capacités du SESRIC, consacré "
            "aux transports\u00a0; lancé en 2021.",
        ),
        "questionnaire_audience": (
            "Transport institutions",
            "مؤسسات النقل",
            "Institutions de transport",
        ),
    },
    {
        "slug": "statcab",
        "acronym": "StatCaB",
        "sector": "statistics",
        "launch_year": 2007,
        "name": (
            "Statistical Capacity Building Programme",
            "برنامج بناء القدرات الإحصائية",
            "Programme de renforcement des capacités statistiques",
        ),
        "summary": (
            "One of SESRIC's sector-specific capacity building programmes, for statistics; "
            "launched in 2007.",
            "أحد برامج سيسرك القطاعية لبناء القدرات، في مجال الإحصاء؛ أُطلق عام 2007.",
            "L'un des programmes sectoriels de renforcement des capacités du SESRIC, consacré "
            "à la statistique\u00a0; lancé en 2007.",
        ),
    },
    {
        "slug": "osh-cab",
        "acronym": "OSH-CaB",
        "sector": "labour",
        "name": (
            "Occupational Safety and Health Capacity Building Programme",
            "برنامج بناء القدرات في مجال السلامة والصحة المهنيتين",
            "Programme de renforcement des capacités en sécurité et santé au travail",
        ),
        "summary": (
            "One of SESRIC's sector-specific capacity building programmes, for occupational "
            "safety and health.",
            "أحد برامج سيسرك القطاعية لبناء القدرات، في مجال السلامة والصحة المهنيتين.",
            "L'un des programmes sectoriels de renforcement des capacités du SESRIC, consacré "
            "à la sécurité et à la santé au travail.",
        ),
    },
    {
        "slug": "cb-cab",
        "acronym": "CB-CaB",
        "sector": "finance",
        "name": (
            "Central Banks Capacity Building Programme",
            "برنامج بناء القدرات للبنوك المركزية",
            "Programme de renforcement des capacités des banques centrales",
        ),
        "summary": (
            "One of SESRIC's sector-specific capacity building programmes, for central banks.",
            "أحد برامج سيسرك القطاعية لبناء القدرات، لفائدة البنوك المركزية.",
            "L'un des programmes sectoriels de renforcement des capacités du SESRIC, destiné "
            "aux banques centrales.",
        ),
    },
    {
        "slug": "oic-ctp",
        "acronym": "OIC-CTP",
        "sector": "agriculture",
        "name": (
            "OIC Cotton Training Programme",
            "برنامج منظمة التعاون الإسلامي للتدريب في مجال القطن",
            "Programme de formation de l'OCI sur le coton",
        ),
        "summary": (
            "One of SESRIC's sector-specific capacity building programmes, on cotton.",
            "أحد برامج سيسرك القطاعية لبناء القدرات، في مجال القطن.",
            "L'un des programmes sectoriels de renforcement des capacités du SESRIC, consacré "
            "au coton.",
        ),
    },
    {
        "slug": "oic-ngo-cab",
        "acronym": "",
        "sector": "civil-society",
        "name": (
            "OIC NGO Capacity Building Programme",
            "برنامج منظمة التعاون الإسلامي لبناء قدرات المنظمات غير الحكومية",
            "Programme de l'OCI de renforcement des capacités des ONG",
        ),
        "summary": (
            "One of SESRIC's sector-specific capacity building programmes, for "
            "non-governmental organisations.",
            "أحد برامج سيسرك القطاعية لبناء القدرات، لفائدة المنظمات غير الحكومية.",
            "L'un des programmes sectoriels de renforcement des capacités du SESRIC, destiné "
            "aux organisations non gouvernementales.",
        ),
    },
    {
        "slug": "oic-vet",
        "acronym": "OIC-VET",
        "sector": "vocational-education",
        "launch_year": 2009,
        "name": (
            "Vocational Education and Training Programme for OIC Member Countries",
            "برنامج التعليم والتدريب المهني للدول الأعضاء في منظمة التعاون الإسلامي",
            "Programme d'enseignement et de formation professionnels pour les pays membres "
            "de l'OCI",
        ),
        "summary": (
            "The umbrella programme for vocational education and training, with SESRIC as its "
            "executing organ.",
            "البرنامج الجامع للتعليم والتدريب المهني، ويضطلع سيسرك بدور الجهاز المنفذ له.",
            "Le programme-cadre de l'enseignement et de la formation professionnels, dont le "
            "SESRIC est l'organe d'exécution.",
        ),
        "description": (
            "OIC-VET aims to make vocational education and training easier to reach and better in "
            "quality, in public and private institutions, so that people in the member countries "
            "gain the skills labour markets need. It lets institutions build partnerships across "
            "the OIC, share good practice and train their staff.",
            "يهدف البرنامج إلى تيسير الوصول إلى التعليم والتدريب المهني وتحسين جودته في "
            "المؤسسات العامة والخاصة، حتى يكتسب سكان الدول الأعضاء المهارات التي تحتاجها أسواق "
            "العمل. ويتيح للمؤسسات بناء شراكات داخل منظمة التعاون الإسلامي وتبادل الممارسات "
            "الجيدة وتدريب موظفيها.",
            "OIC-VET vise à rendre l'enseignement et la formation professionnels plus accessibles "
            "et de meilleure qualité, dans les institutions publiques comme privées, afin que les "
            "habitants des pays membres acquièrent les compétences dont les marchés du travail "
            "ont besoin. Il permet aux institutions de nouer des partenariats au sein de l'OCI, de "
            "partager les bonnes pratiques et de former leur personnel.",
        ),
    },
]


DOCUMENT_KINDS = [
    # slug, category, en, ar, fr
    ("questionnaire", "questionnaire", "Questionnaire", "الاستبيان", "Questionnaire"),
    (
        "tor-training-courses",
        "tor",
        "Terms of Reference for Training Courses",
        "الشروط المرجعية للدورات التدريبية",
        "Termes de référence des cours de formation",
    ),
    (
        "tor-training-workshops",
        "tor",
        "Terms of Reference for Training Workshops",
        "الشروط المرجعية لورش العمل التدريبية",
        "Termes de référence des ateliers de formation",
    ),
    (
        "tor-study-visits",
        "tor",
        "Terms of Reference for Study Visits",
        "الشروط المرجعية للزيارات الدراسية",
        "Termes de référence des visites d'étude",
    ),
]

# The sample files: what each says, per language. They are marked as samples in their text.
SAMPLE_NOTICE = {
    "en": "SAMPLE FILE of the demonstration site - not an official SESRIC document.",
    "ar": "ملف نموذجي لموقع العرض التجريبي - ليس وثيقة رسمية صادرة عن سيسرك.",
    "fr": "FICHIER D'EXEMPLE du site de démonstration - pas un document officiel du SESRIC.",
}
QUESTIONNAIRE_LINES = {
    "en": [
        "1. Institution: name, country, address, contact person, e-mail.",
        "2. Needs: which of the programme's main subjects your staff need training on.",
        "3. Offer: which subjects your institution can share with other member countries.",
        "4. Preferred kind of activity: training course, workshop or study visit.",
    ],
    "ar": [
        "1. المؤسسة: الاسم والبلد والعنوان والشخص المسؤول والبريد الإلكتروني.",
        "2. الاحتياجات: مواضيع البرنامج الرئيسية التي يحتاج موظفوكم إلى التدريب عليها.",
        "3. العرض: المواضيع التي تستطيع مؤسستكم تقاسم خبرتها فيها مع الدول الأعضاء الأخرى.",
        "4. نوع النشاط المفضل: دورة تدريبية أو ورشة عمل أو زيارة دراسية.",
    ],
    "fr": [
        "1. Institution\u00a0: nom, pays, adresse, personne de contact, courriel.",
        "2. Besoins\u00a0: les thèmes principaux du programme sur lesquels former votre personnel.",
        "3. Offre\u00a0: les thèmes que votre institution peut partager avec d'autres pays "
        "membres.",
        "4. Type d'activité préféré\u00a0: cours de formation, atelier ou visite d'étude.",
    ],
}
TOR_LINES = {
    "en": [
        "1. Requesting institution and country.",
        "2. Objectives of the activity and the subject it covers.",
        "3. Number and profile of the participants.",
        "4. Proposed dates, duration and language.",
        "5. Expected results and how they will be used.",
    ],
    "ar": [
        "1. المؤسسة الطالبة والبلد.",
        "2. أهداف النشاط والموضوع الذي يتناوله.",
        "3. عدد المشاركين ومؤهلاتهم.",
        "4. التواريخ المقترحة والمدة واللغة.",
        "5. النتائج المتوقعة وكيفية الاستفادة منها.",
    ],
    "fr": [
        "1. Institution demandeuse et pays.",
        "2. Objectifs de l'activité et thème traité.",
        "3. Nombre et profil des participants.",
        "4. Dates proposées, durée et langue.",
        "5. Résultats attendus et leur utilisation.",
    ],
}


def sample_file(programme_acronym, kind_slug, kind_names, language):
    """(extension, bytes) of the demo file of one document in one language.

    The questionnaire is a DOCX form in every language; the Terms of Reference are PDF in
    English and French and DOCX in Arabic (see demo_files for why).
    """
    title = f"{programme_acronym} - {kind_names[language]}"
    lines = QUESTIONNAIRE_LINES if kind_slug == "questionnaire" else TOR_LINES
    body = [SAMPLE_NOTICE[language], "", *lines[language]]
    if kind_slug == "questionnaire" or language == "ar":
        return ".docx", build_docx(title, body, language=language)
    return ".pdf", build_pdf(title, body)


def _store_file(document, language, extension, data):
    """Put the sample file in place unless the very same bytes are already there."""
    field_file = document.file(language)
    storage = field_file.storage
    name = DocumentUploadTo(language)(document, f"sample{extension}")
    if field_file.name == name and storage.exists(name):
        with storage.open(name, "rb") as stored:
            if stored.read() == data:
                return False
    if storage.exists(name):
        storage.delete(name)
    field_file.save(name.rsplit("/", 1)[-1], ContentFile(data), save=False)
    setattr(document, f"size_{language}", len(data))
    return True


def load_documents(programme, kinds):
    written = 0
    for slug, kind in kinds.items():
        document, _created = Document.objects.get_or_create(programme=programme, kind=kind)
        names = {"en": kind.name_en, "ar": kind.name_ar, "fr": kind.name_fr}
        changed = False
        for language in Document.LANGUAGES:
            extension, data = sample_file(programme.acronym, slug, names, language)
            changed |= _store_file(document, language, extension, data)
        if changed or _created:
            document.save()
            written += 1
    return written


def _translated(field, values):
    english, arabic, french = values
    return {f"{field}_en": english, f"{field}_ar": arabic, f"{field}_fr": french}


def load_organisations():
    """The demo partners by their key in ORGANISATIONS, found again by English name."""
    organisations = {}
    for key, acronym, english, arabic, french in ORGANISATIONS:
        organisations[key], _ = Organisation.objects.update_or_create(
            name_en=english, defaults={"acronym": acronym, "name_ar": arabic, "name_fr": french}
        )
    return organisations


# The former site's page of each programme, as the sources give it (seed 001 links the
# Arabic page of Diplomacy-CaB, cbp-dip-ar.php).
LEGACY_PATHS = {"diplomacy-cab": "cbp-dip.php"}


def demo_contact(data):
    """A contact that says it is demonstration data: no source gives the programmes' contacts."""
    english, arabic, french = (data["acronym"],) * 3 if data["acronym"] else data["name"]
    # "Équipe Diplomacy-CaB", "Équipe du programme de l'OCI …"
    team = french if data["acronym"] else "du " + french[0].lower() + french[1:]
    return {
        "contact_name_en": f"{english} team (demonstration contact, not a real address)",
        "contact_name_ar": (
            f"فريق \u2068{arabic}\u2069 (جهة اتصال للعرض التجريبي، ليست عنوانًا حقيقيًا)"
        ),
        "contact_name_fr": f"Équipe {team} (contact de démonstration, adresse fictive)",
        "contact_email": f"{data['slug']}.demo@example.org",
    }


def load(stdout):
    sectors = {}
    for order, (slug, *names) in enumerate(SECTORS):
        sectors[slug], _ = Sector.objects.update_or_create(
            slug=slug, defaults={"order": order, **_translated("name", names)}
        )
    organisations = load_organisations()
    kinds = {}
    for order, (slug, category, *names) in enumerate(DOCUMENT_KINDS):
        kinds[slug], _ = DocumentKind.objects.update_or_create(
            slug=slug, defaults={"order": order, "category": category, **_translated("name", names)}
        )
    for order, data in enumerate(PROGRAMMES):
        defaults = {
            "acronym": data["acronym"],
            "sector": sectors[data["sector"]],
            "launch_year": data.get("launch_year"),
            "order": order,
            "is_active": True,
            "legacy_path": LEGACY_PATHS.get(data["slug"], ""),
            **demo_contact(data),
        }
        for field in ("name", "summary", "description", "questionnaire_audience"):
            if field in data:
                defaults.update(_translated(field, data[field]))
        programme, _ = Programme.objects.update_or_create(slug=data["slug"], defaults=defaults)
        programme.partners.set([organisations[acronym] for acronym in data.get("partners", [])])
        for index, (english, arabic, french) in enumerate(data.get("subjects", [])):
            MainSubject.objects.update_or_create(
                programme=programme,
                name_en=english,
                defaults={"order": index, "name_ar": arabic, "name_fr": french},
            )
        if data.get("documents"):
            load_documents(programme, kinds)
    stdout.write(
        f"Programmes: {len(PROGRAMMES)} (sectors: {len(SECTORS)}, "
        f"document kinds: {len(DOCUMENT_KINDS)})."
    )
