"""Demo activities: the Implemented Activities of the owner's Diplomacy-CaB page (seed 000),
the 6th edition's facts (seed 001) and the further facts of the owner's pages; the articles are
written afresh in each language. The photos are generated pictures, made here with Pillow."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from programmes.demo import load_organisations
from programmes.models import Programme

from .models import Activity, Kind, Photo

D = datetime.date

# Seed 001 retold in each language: every fact of the owner's article, nothing added.
SIXTH_BODY = (
    "<p>Under its Diplomacy Capacity Building Programme (Diplomacy-CaB), SESRIC held a training "
    "course on humanitarian diplomacy for junior diplomats of the OIC from 24 to 27 October "
    "2022, on an online conference platform. It was organised in partnership with the "
    "Diplomatic Academy of the Ministry of Foreign Affairs of Türkiye and the Islamic "
    "Cooperation Youth Forum (ICYF). 97 junior diplomats from the foreign ministries of 30 OIC "
    "member states attended.</p>"
    "<h2>What the course set out to do</h2>"
    "<p>Its main aim was to give the participants knowledge of how humanitarian diplomacy is "
    "carried out in an international setting, and an understanding of how humanitarian "
    "diplomacy and foreign policy interact in the twenty-first century. The programme combined "
    "interactive lectures with the analysis of case studies on the skills and techniques used "
    "in humanitarian diplomacy.</p>"
    "<h2>Opening session</h2>"
    "<p>Mr Nabil Dabour, Director General of SESRIC, opened the course. He stressed how much "
    "this year's theme matters to the OIC diplomatic community and to its junior diplomats, "
    "and described humanitarian diplomacy as a foreign-policy tool on which governments rely "
    "to advance their national interests, meet the needs of civilians living in fragile "
    "situations, build new partnerships or strengthen existing ones, deal carefully with "
    "non-political actors and civil society, mobilise public support and resources, and win "
    "regional and international backing.</p>"
    "<p>Ambassador Tarig Ali Bakheet, Assistant Secretary General of the OIC for Humanitarian, "
    "Social and Cultural Affairs, delivered the message of Mr Hissein Brahim Taha, Secretary "
    "General of the OIC. The message commended SESRIC, the Diplomatic Academy of the Ministry "
    "of Foreign Affairs of Türkiye and ICYF for organising this sixth edition of a training "
    "programme that has helped junior diplomats in many fields of diplomatic practice since "
    "2017, and noted that the event reflects SESRIC's lasting commitment to developing tools "
    "and new expertise for governments, policy makers, diplomats and senior officials as they "
    "design and implement public policies in the OIC countries.</p>"
    "<p>Mr Taha Ayhan, President of ICYF, observed that most countries today are caught up in "
    "conflicts or touched in some way by humanitarian disasters. Humanitarian diplomacy is "
    "therefore a field rich in solutions, where humanitarian organisations can work alongside "
    "diplomats, politicians and civil society to serve vulnerable communities through "
    "negotiation, advocacy and effective communication. He closed by thanking the organisers, "
    "SESRIC in particular.</p>"
    "<h2>About the programme</h2>"
    "<p>SESRIC launched Diplomacy-CaB in 2017 to strengthen the diplomatic skills of junior "
    "diplomats, help them gain the knowledge they need about the OIC and explore the main "
    "regional and international issues.</p>",
    "<p>في إطار برنامج بناء القدرات الدبلوماسية (<bdi>Diplomacy-CaB</bdi>)، عقد سيسرك دورة تدريبية "
    "حول الدبلوماسية الإنسانية لفائدة الدبلوماسيين المبتدئين في منظمة التعاون الإسلامي، من 24 "
    "إلى 27 أكتوبر 2022، عبر منصة إلكترونية للمؤتمرات عن بعد. ونُظمت الدورة بالشراكة مع "
    "الأكاديمية الدبلوماسية التابعة لوزارة الشؤون الخارجية التركية ومنتدى شباب التعاون "
    "الإسلامي (<bdi>ICYF</bdi>)، وشارك فيها 97 دبلوماسيا مبتدئا من وزارات خارجية 30 دولة عضوا في "
    "المنظمة.</p>"
    "<h2>أهداف الدورة</h2>"
    "<p>سعت الدورة أساسا إلى تزويد المشاركين بالمعرفة اللازمة لممارسة الدبلوماسية الإنسانية "
    "في إطار دولي، وإلى فهم العلاقة المتبادلة بين الدبلوماسية الإنسانية والسياسة الخارجية في "
    "القرن الحادي والعشرين. وجمع برنامجها بين محاضرات تفاعلية وتحليل دراسات حالة حول "
    "المهارات والتقنيات المستخدمة في العمل الدبلوماسي الإنساني.</p>"
    "<h2>الجلسة الافتتاحية</h2>"
    "<p>افتتح الدورةَ السيد نبيل دبور، المدير العام لسيسرك، فأكد أهمية موضوع هذا العام للمجتمع "
    "الدبلوماسي في منظمة التعاون الإسلامي ولدبلوماسييها المبتدئين، ووصف الدبلوماسية الإنسانية "
    "بأنها أداة من أدوات السياسة الخارجية تعتمد عليها الحكومات لتعزيز مصالحها الوطنية، وتلبية "
    "احتياجات المدنيين الذين يعيشون أوضاعا هشة، وبناء شراكات جديدة أو تقوية القائم منها، "
    "والتعامل بدقة مع الجهات الفاعلة غير السياسية ومؤسسات المجتمع المدني، وحشد الدعم العام "
    "والموارد، وكسب التأييد الإقليمي والدولي.</p>"
    "<p>وألقى السفير طارق علي بخيت، الأمين العام المساعد للشؤون الإنسانية والاجتماعية "
    "والثقافية في منظمة التعاون الإسلامي، رسالة السيد حسين إبراهيم طه، الأمين العام للمنظمة. "
    "وأشادت الرسالة بجهود سيسرك والأكاديمية الدبلوماسية التابعة لوزارة الشؤون الخارجية "
    "التركية ومنتدى شباب التعاون الإسلامي في تنظيم النسخة السادسة من هذا البرنامج التدريبي "
    "الذي يسهم منذ عام 2017 في تدريب الدبلوماسيين المبتدئين في مجالات الممارسة الدبلوماسية "
    "المختلفة، ونوهت بأن هذه الفعالية تعبر عن التزام سيسرك الثابت بتطوير أدوات وخبرات جديدة "
    "تخدم الحكومات وصناع القرار والدبلوماسيين وكبار المسؤولين في تصميم السياسات العامة "
    "وتنفيذها في دول المنظمة.</p>"
    "<p>وأوضح السيد طه أيهان، رئيس منتدى شباب التعاون الإسلامي، أن معظم دول العالم تعيش اليوم "
    "نزاعات أو تتأثر بشكل أو بآخر بالكوارث الإنسانية، ولذلك فإن الدبلوماسية الإنسانية مجال غني "
    "بالحلول، تستطيع فيه المنظمات الإنسانية العمل جنبا إلى جنب مع الدبلوماسيين والسياسيين "
    "ومنظمات المجتمع المدني لخدمة المجتمعات الضعيفة، عن طريق التفاوض والمناصرة والتواصل "
    "الفعال. وختم بشكر فريق التنظيم، ولا سيما سيسرك.</p>"
    "<h2>عن البرنامج</h2>"
    "<p>أطلق سيسرك برنامج بناء القدرات الدبلوماسية عام 2017 لتعزيز المهارات الدبلوماسية "
    "للدبلوماسيين المبتدئين، ومساعدتهم على اكتساب المعارف اللازمة عن منظمة التعاون الإسلامي، "
    "والتعمق في القضايا الإقليمية والدولية الرئيسية.</p>",
    "<p>Dans le cadre de son Programme de renforcement des capacités diplomatiques "
    "(Diplomacy-CaB), le SESRIC a organisé du 24 au 27 octobre 2022, sur une plateforme de "
    "conférence en ligne, un cours de formation sur la diplomatie humanitaire destiné aux jeunes "
    "diplomates de l'OCI, en partenariat avec l'Académie diplomatique du ministère des Affaires "
    "étrangères de Turquie et le Forum de la jeunesse de la coopération islamique (ICYF). "
    "Au total, 97\u00a0jeunes diplomates des ministères des Affaires étrangères de "
    "30\u00a0États membres de l'OCI y ont pris part.</p>"
    "<h2>Les objectifs du cours</h2>"
    "<p>Le cours visait avant tout à faire connaître la manière dont la diplomatie humanitaire "
    "se pratique dans un cadre international et à faire comprendre comment diplomatie "
    "humanitaire et politique étrangère interagissent au XXI<sup>e</sup>\u00a0siècle. Il a "
    "associé des exposés interactifs à l'analyse d'études de cas sur les compétences et les "
    "techniques de la diplomatie humanitaire.</p>"
    "<h2>Séance d'ouverture</h2>"
    "<p>M.\u00a0Nabil Dabour, directeur général du SESRIC, a ouvert le cours. Il a souligné "
    "l'importance du thème de cette année pour la communauté diplomatique de l'OCI et pour ses "
    "jeunes diplomates, et a présenté la diplomatie humanitaire comme un outil de politique "
    "étrangère sur lequel les gouvernements s'appuient pour défendre leurs intérêts nationaux, "
    "répondre aux besoins des civils vivant dans des situations fragiles, nouer de nouveaux "
    "partenariats ou renforcer les partenariats existants, dialoguer avec tact avec les acteurs "
    "non politiques et la société civile, mobiliser le soutien du public et des ressources, et "
    "gagner des appuis régionaux et internationaux.</p>"
    "<p>L'ambassadeur Tarig Ali Bakheet, secrétaire général adjoint de l'OCI chargé des "
    "affaires humanitaires, sociales et culturelles, a lu le message de M.\u00a0Hissein Brahim "
    "Taha, secrétaire général de l'OCI. Ce message a salué les efforts du SESRIC, de l'Académie "
    "diplomatique du ministère des Affaires étrangères de Turquie et de l'ICYF pour "
    "l'organisation de cette sixième édition d'un programme qui forme depuis 2017 les jeunes "
    "diplomates dans les divers domaines de la pratique diplomatique. Il a aussi relevé que cette "
    "formation illustre l'engagement constant du SESRIC à développer des outils et de nouvelles "
    "compétences au service des gouvernements, des décideurs, des diplomates et des hauts "
    "fonctionnaires qui conçoivent et mettent en œuvre les politiques publiques des pays de "
    "l'OCI.</p>"
    "<p>M.\u00a0Taha Ayhan, président de l'ICYF, a rappelé que la plupart des pays sont "
    "aujourd'hui engagés dans des conflits ou touchés d'une manière ou d'une autre par des "
    "catastrophes humanitaires. La diplomatie humanitaire est donc un champ riche en solutions, "
    "où les organisations humanitaires peuvent travailler aux côtés des diplomates, des "
    "responsables politiques et de la société civile au service des communautés vulnérables, "
    "par la négociation, le plaidoyer et une communication efficace. Il a conclu en remerciant "
    "l'équipe d'organisation, en particulier le SESRIC.</p>"
    "<h2>Le programme</h2>"
    "<p>Le SESRIC a lancé Diplomacy-CaB en 2017 pour renforcer les compétences diplomatiques "
    "des jeunes diplomates, les aider à acquérir les connaissances nécessaires sur l'OCI et "
    "approfondir les grandes questions régionales et internationales.</p>",
)

VIRTUAL_ANKARA = {
    "is_virtual": True,
    "host_office": ("SESRIC", "سيسرك", "SESRIC"),
    "city": ("Ankara", "أنقرة", "Ankara"),
    "country": "TR",
}
ISTANBUL = {"city": ("Istanbul", "إسطنبول", "Istanbul"), "country": "TR"}

ACTIVITIES = [
    {
        "slug": "diplomacy-cab-2022-humanitarian-diplomacy",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "edition": 6,
        "dates": (D(2022, 10, 24), D(2022, 10, 27)),
        **VIRTUAL_ANKARA,
        "partners": ["diplomatic-academy", "ICYF"],
        "participants": 97,
        "countries_count": 30,
        "title": (
            "SESRIC Organised the 6th Edition of its Annual Diplomacy Capacity Building "
            "Programme for OIC Junior Diplomats on the Theme of ‘Humanitarian Diplomacy’",
            "سيسرك ينظم النسخة السادسة من برنامجه السنوي لبناء القدرات الدبلوماسية لصالح "
            "دبلوماسيي منظمة التعاون الإسلامي المبتدئين حول موضوع «الدبلوماسية الإنسانية»",
            "Le SESRIC organise la 6ᵉ édition de son programme annuel de renforcement des "
            "capacités diplomatiques pour les jeunes diplomates de l'OCI, sur le thème "
            "«\u00a0Diplomatie humanitaire\u00a0»",
        ),
        "theme": ("Humanitarian Diplomacy", "الدبلوماسية الإنسانية", "Diplomatie humanitaire"),
        "summary": (
            "Four days online on humanitarian diplomacy for 97 junior diplomats from 30 OIC "
            "member states, with the Diplomatic Academy of the Ministry of Foreign Affairs of "
            "Türkiye and ICYF.",
            "أربعة أيام عبر الإنترنت حول الدبلوماسية الإنسانية لصالح 97 دبلوماسيا مبتدئا من 30 "
            "دولة عضوا، بالتعاون مع الأكاديمية الدبلوماسية لوزارة الخارجية التركية ومنتدى شباب "
            "التعاون الإسلامي.",
            "Quatre jours en ligne sur la diplomatie humanitaire pour 97\u00a0jeunes diplomates "
            "de 30\u00a0États membres de l'OCI, avec l'Académie diplomatique du ministère des "
            "Affaires étrangères de Turquie et l'ICYF.",
        ),
        "body": SIXTH_BODY,
        "photos": 3,
    },
    {
        "slug": "diplomacy-cab-2021-cultural-diplomacy",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "edition": 5,
        "dates": (D(2021, 9, 13), D(2021, 9, 16)),
        **VIRTUAL_ANKARA,
        "participants": 112,
        "countries_count": 33,
        "title": (
            "SESRIC Conducted the 5th Edition of its Annual Diplomacy Capacity Building Program "
            "for OIC Junior Diplomats on the Theme ‘Cultural Diplomacy’",
            "سيسرك ينفذ النسخة الخامسة من برنامجه السنوي لبناء القدرات الدبلوماسية لصالح "
            "دبلوماسيي منظمة التعاون الإسلامي المبتدئين حول موضوع «الدبلوماسية الثقافية»",
            "Le SESRIC mène la 5e édition de son programme annuel de renforcement des capacités "
            "diplomatiques pour les jeunes diplomates de l'OCI, sur le thème «\u00a0Diplomatie "
            "culturelle\u00a0»",
        ),
        "theme": ("Cultural Diplomacy", "الدبلوماسية الثقافية", "Diplomatie culturelle"),
        "summary": (
            "The fifth yearly course, held online, on cultural diplomacy: 112 junior diplomats "
            "from 33 member states.",
            "الدورة السنوية الخامسة، عبر الإنترنت، حول الدبلوماسية الثقافية: 112 دبلوماسيا "
            "مبتدئا من 33 دولة عضوا.",
            "La cinquième session annuelle, en ligne, sur la diplomatie culturelle\u00a0: "
            "112\u00a0jeunes diplomates de 33\u00a0États membres.",
        ),
        "photos": 2,
    },
    {
        "slug": "diplomacy-cab-2020-digital-diplomacy",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "edition": 4,
        "dates": (D(2020, 9, 14), D(2020, 9, 17)),
        **VIRTUAL_ANKARA,
        "title": (
            "SESRIC Conducted the Fourth Edition of Its OIC Junior Diplomats Training Programme",
            "سيسرك ينفذ النسخة الرابعة من برنامجه التدريبي لدبلوماسيي منظمة التعاون الإسلامي "
            "المبتدئين",
            "Le SESRIC mène la quatrième édition de son programme de formation des jeunes "
            "diplomates de l'OCI",
        ),
        "theme": ("Digital Diplomacy", "الدبلوماسية الرقمية", "Diplomatie numérique"),
        "summary": (
            "The fourth edition, held online, on the theme of digital diplomacy.",
            "النسخة الرابعة، عبر الإنترنت، حول موضوع الدبلوماسية الرقمية.",
            "La quatrième édition, en ligne, sur le thème de la diplomatie numérique.",
        ),
    },
    {
        "slug": "diplomacy-cab-2019-istanbul",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "dates": (D(2019, 11, 26), D(2019, 11, 28)),
        **ISTANBUL,
        "title": (
            "SESRIC Organized the 2019 Training Course for OIC Junior Diplomats",
            "سيسرك ينظم الدورة التدريبية لعام 2019 لصالح دبلوماسيي منظمة التعاون الإسلامي "
            "المبتدئين",
            "Le SESRIC organise le cours de formation 2019 pour les jeunes diplomates de l'OCI",
        ),
        "summary": (
            "The 2019 training course for OIC junior diplomats, in Istanbul.",
            "الدورة التدريبية لعام 2019 لفائدة دبلوماسيي منظمة التعاون الإسلامي المبتدئين، في "
            "إسطنبول.",
            "Le cours de formation 2019 pour les jeunes diplomates de l'OCI, à Istanbul.",
        ),
    },
    {
        "slug": "diplomacy-cab-2019-bilateral-negotiation",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "dates": (D(2019, 4, 23), D(2019, 4, 24)),
        "city": ("N'Djamena", "نجامينا", "N'Djamena"),
        "country": "TD",
        "title": (
            "Training Course on ‘Bilateral Negotiation’",
            "دورة تدريبية حول «التفاوض الثنائي»",
            "Cours de formation sur la «\u00a0négociation bilatérale\u00a0»",
        ),
        "theme": ("Bilateral Negotiation", "التفاوض الثنائي", "Négociation bilatérale"),
        "summary": (
            "A two-day training course on bilateral negotiation in N'Djamena, Chad.",
            "دورة تدريبية لمدة يومين حول التفاوض الثنائي في نجامينا، تشاد.",
            "Un cours de formation de deux jours sur la négociation bilatérale à N'Djamena "
            "(Tchad).",
        ),
    },
    {
        "slug": "diplomacy-cab-2018-oic-diplomacy",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "dates": (D(2018, 11, 26), D(2018, 11, 29)),
        **ISTANBUL,
        "title": (
            "Training Course on OIC Diplomacy for Junior Diplomats",
            "دورة تدريبية حول دبلوماسية منظمة التعاون الإسلامي لصالح الدبلوماسيين المبتدئين",
            "Cours de formation sur la diplomatie de l'OCI pour les jeunes diplomates",
        ),
        "theme": ("OIC Diplomacy", "دبلوماسية منظمة التعاون الإسلامي", "Diplomatie de l'OCI"),
        "summary": (
            "A four-day training course in Istanbul on OIC diplomacy, for junior diplomats.",
            "دورة تدريبية لمدة أربعة أيام في إسطنبول حول دبلوماسية منظمة التعاون الإسلامي، "
            "لفائدة الدبلوماسيين المبتدئين.",
            "Un cours de formation de quatre jours à Istanbul sur la diplomatie de l'OCI, pour "
            "les jeunes diplomates.",
        ),
    },
    {
        "slug": "diplomacy-cab-2017-oic-decision-making",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_WORKSHOP,
        "dates": (D(2017, 11, 21), D(2017, 11, 23)),
        **ISTANBUL,
        "title": (
            "Training Workshop for Junior Diplomats from OIC Member Countries on Dynamics of OIC "
            "Decision Making and Functioning",
            "ورشة تدريبية لصالح الدبلوماسيين المبتدئين من الدول الأعضاء في منظمة التعاون "
            "الإسلامي حول ديناميات صنع القرار وآليات العمل في المنظمة",
            "Atelier de formation pour les jeunes diplomates des pays membres de l'OCI sur la "
            "dynamique de la prise de décision et du fonctionnement de l'OCI",
        ),
        "theme": (
            "OIC decision making",
            "صنع القرار في منظمة التعاون الإسلامي",
            "La prise de décision à l'OCI",
        ),
        "summary": (
            "A three-day workshop in Istanbul for junior diplomats on how the OIC makes decisions "
            "and functions.",
            "ورشة عمل لمدة ثلاثة أيام في إسطنبول لفائدة الدبلوماسيين المبتدئين حول صنع القرار "
            "وآليات العمل في منظمة التعاون الإسلامي.",
            "Un atelier de trois jours à Istanbul pour les jeunes diplomates sur la prise de "
            "décision et le fonctionnement de l'OCI.",
        ),
    },
    {
        "slug": "osh-cab-2021-training-course",
        "programme": "osh-cab",
        "kind": Kind.TRAINING_COURSE,
        "dates": (D(2021, 4, 14), D(2021, 4, 22)),
        "participants": 77,
        "countries_count": 29,
        "title": (
            "Training Course on Occupational Safety and Health in the Three Official Languages "
            "of the OIC",
            "دورة تدريبية حول السلامة والصحة المهنيتين باللغات الرسمية الثلاث لمنظمة التعاون "
            "الإسلامي",
            "Cours de formation sur la sécurité et la santé au travail dans les trois langues "
            "officielles de l'OCI",
        ),
        "summary": (
            "A course given in Arabic, English and French to 77 experts from 29 countries.",
            "دورة قدمت بالعربية والإنجليزية والفرنسية لصالح 77 خبيرا من 29 دولة.",
            "Un cours donné en arabe, en anglais et en français à 77\u00a0experts de 29\u00a0pays.",
        ),
    },
    {
        "slug": "tourism-cab-2022-webinar-icdt",
        "programme": "tourism-cab",
        "kind": Kind.WEBINAR,
        "dates": (D(2022, 6, 1), D(2022, 6, 2)),
        "is_virtual": True,
        "partners": ["ICDT"],
        "participants": 72,
        "countries_count": 23,
        "title": (
            "Tourism Webinar Organised with the Islamic Centre for Development of Trade",
            "ندوة عبر الإنترنت حول السياحة بالتعاون مع المركز الإسلامي لتنمية التجارة",
            "Webinaire sur le tourisme organisé avec le Centre islamique pour le développement "
            "du commerce",
        ),
        "summary": (
            "Two days online with ICDT for 72 participants from 23 countries.",
            "يومان عبر الإنترنت مع المركز الإسلامي لتنمية التجارة لصالح 72 مشاركا من 23 دولة.",
            "Deux jours en ligne avec le Centre islamique pour le développement du commerce, "
            "pour 72\u00a0participants de 23\u00a0pays.",
        ),
    },
]

PHOTO_ALT = (
    "Generated demo picture {n}: coloured shapes standing in for a photo of the course",
    "صورة تجريبية مولدة رقم {n}: أشكال ملونة بدلا من صورة للدورة",
    "Image de démonstration générée n°\u00a0{n}\u00a0: des formes colorées à la place d'une "
    "photo du cours",
)
PHOTO_CAPTION = (
    "Demo picture {n} (generated, not a photo of the event)",
    "صورة تجريبية {n} (مولدة، وليست صورة من الفعالية)",
    "Image de démonstration {n} (générée, pas une photo de l'événement)",
)
PALETTE = [(0, 89, 79), (138, 90, 0), (61, 96, 140), (120, 40, 60), (40, 110, 60)]


def _translated(field, values):
    english, arabic, french = values
    return {f"{field}_en": english, f"{field}_ar": arabic, f"{field}_fr": french}


def demo_picture(seed: int) -> bytes:
    """A small deterministic JPEG (same seed, same bytes), so reloading writes nothing new."""
    image = Image.new("RGB", (1200, 800), PALETTE[seed % len(PALETTE)])
    draw = ImageDraw.Draw(image)
    for step in range(6):
        colour = PALETTE[(seed + step + 1) % len(PALETTE)]
        x = 80 + ((seed * 137 + step * 181) % 900)
        y = 60 + ((seed * 71 + step * 97) % 560)
        radius = 60 + (step * 23) % 120
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    draw.rectangle((0, 680, 1200, 800), fill=(243, 246, 246))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


# Ids of the owner's former activity pages, as the sources give them: the Arabic page of the
# 6th edition (24-27 October 2022) is event-detail-ar.php?id=2652.
LEGACY_IDS = {"diplomacy-cab-2022-humanitarian-diplomacy": 2652}


def load(stdout):
    programmes = {
        p.slug: p for p in Programme.objects.filter(slug__in={a["programme"] for a in ACTIVITIES})
    }
    organisations = load_organisations()
    photo_count = 0
    for data in ACTIVITIES:
        start, end = data["dates"]
        defaults = {
            "programme": programmes[data["programme"]],
            "kind": data["kind"],
            "edition": data.get("edition"),
            "start_date": start,
            "end_date": end,
            "is_virtual": data.get("is_virtual", False),
            "country": data.get("country", ""),
            "participants": data.get("participants"),
            "countries_count": data.get("countries_count"),
            "is_published": True,
            "legacy_id": LEGACY_IDS.get(data["slug"]),
        }
        for field in ("title", "theme", "host_office", "city", "summary", "body"):
            defaults.update(_translated(field, data.get(field, ("", "", ""))))
        activity, _ = Activity.objects.update_or_create(slug=data["slug"], defaults=defaults)
        activity.partners.set([organisations[key] for key in data.get("partners", [])])
        for index in range(data.get("photos", 0)):
            photo_count += 1
            _demo_photo(activity, index, seed=photo_count)
    stdout.write(f"Activities: {len(ACTIVITIES)} (demo photos: {photo_count}).")


def _demo_photo(activity, index, seed):
    n = index + 1
    photo, _ = Photo.objects.get_or_create(
        activity=activity,
        order=index,
        defaults={"alt_text_en": PHOTO_ALT[0].format(n=n)},
    )
    texts = {**_translated("alt_text", PHOTO_ALT), **_translated("caption", PHOTO_CAPTION)}
    for field, text in texts.items():
        setattr(photo, field, text.format(n=n))
    if not photo.image or not default_storage.exists(photo.image.name):
        photo.image = ContentFile(demo_picture(seed), name=f"demo-{seed}.jpg")
    photo.save()
    # The demo is complete at once; its queued task then finds nothing left to do.
    if not photo.renditions_ready:
        photo.make_renditions()
